"""The common questions file (Markdown, UTF-8): the questions in each of the bot's languages.

    # ru
    ## Как передать показания?
    Откройте «📟 Передать показания» …

    # en
    ## How do I send readings?
    …

A `# ` line names the language of the questions under it; a `## ` line is a question, and the
lines up to the next heading are its answer (blank lines kept between paragraphs). Importing the
file replaces the previous questions. A bad line loads nothing and is named."""

from __future__ import annotations

from dataclasses import dataclass, field

from core.exchange.problems import ImportRejected, RowProblem

LANGUAGES = ("ru", "en")
QUESTION_LIMIT = 200
ANSWER_LIMIT = 3000  # within one Telegram message with the question above it


@dataclass(frozen=True, slots=True)
class ParsedQuestion:
    language: str
    question: str
    answer: str


@dataclass
class _Open:
    line: int
    language: str
    question: str
    answer: list[str] = field(default_factory=list)


def parse_faq(text: str) -> list[ParsedQuestion]:
    found: list[ParsedQuestion] = []
    problems: list[RowProblem] = []
    language: str | None = None
    current: _Open | None = None

    def close() -> None:
        if current is None:
            return
        answer = "\n".join(current.answer).strip()
        if not answer:
            problems.append(RowProblem(current.line, "a question without an answer"))
        elif len(answer) > ANSWER_LIMIT:
            problems.append(RowProblem(current.line, f"an answer over {ANSWER_LIMIT} characters"))
        else:
            found.append(ParsedQuestion(current.language, current.question, answer))

    for number, raw in enumerate(text.lstrip("\ufeff").splitlines(), start=1):
        line = raw.rstrip()
        if line.startswith("## "):
            close()
            current = None
            question = line[3:].strip()
            if language is None:
                problems.append(RowProblem(number, "a question before any '# ru' or '# en'"))
            elif not question or len(question) > QUESTION_LIMIT:
                problems.append(
                    RowProblem(number, f"a question of 1 to {QUESTION_LIMIT} characters")
                )
            else:
                current = _Open(number, language, question)
        elif line.startswith("# "):
            close()
            current = None
            language = line[2:].strip()
            if language not in LANGUAGES:
                problems.append(RowProblem(number, f"a language of {', '.join(LANGUAGES)}"))
                language = None
        elif current is not None:
            current.answer.append(line)
        elif line.strip():
            problems.append(RowProblem(number, "text outside a question"))
    close()
    if problems:
        raise ImportRejected(sorted(problems, key=lambda p: p.line), len(problems))
    if not found:
        raise ImportRejected([RowProblem(1, "the file has no question")], 1)
    return found
