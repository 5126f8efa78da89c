"""Letters that carry a one-time code, in Russian or, for users who chose it, English."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from core.enums import CodePurpose

COMPANY_RU = "ПАО «Ставропольэнергосбыт»"
COMPANY_EN = "Stavropolenergosbyt"


@dataclass(frozen=True, slots=True)
class Letter:
    subject: str
    text: str
    html: str


_SUBJECTS = {
    "ru": {
        CodePurpose.EMAIL_SIGN_IN: "Код для входа в личный кабинет",
        CodePurpose.EMAIL_CHANGE: "Код для подтверждения адреса электронной почты",
        CodePurpose.PASSWORD_RESET: "Код для восстановления пароля",
    },
    "en": {
        CodePurpose.EMAIL_SIGN_IN: "Your customer cabinet sign-in code",
        CodePurpose.EMAIL_CHANGE: "Confirm your e-mail address",
        CodePurpose.PASSWORD_RESET: "Your password reset code",
    },
}

_BODIES = {
    "ru": (
        "Здравствуйте!\n\n"
        "Ваш код: {code}\n\n"
        "Введите его в чат-боте личного кабинета. Код действует {minutes} минут.\n"
        "Если вы ничего не запрашивали, просто не отвечайте на это письмо: никто не войдёт "
        "в кабинет без кода.\n\n"
        "{company}"
    ),
    "en": (
        "Hello,\n\n"
        "Your code: {code}\n\n"
        "Enter it in the customer cabinet chat bot. The code is valid for {minutes} minutes.\n"
        "If you did not ask for it, ignore this letter: nobody can sign in without the code.\n\n"
        "{company}"
    ),
}


def code_letter(purpose: CodePurpose, code: str, language: str, valid_minutes: int) -> Letter:
    """The letter for `purpose` in `language` ("ru" for anything but English)."""
    lang = "en" if language.lower().startswith("en") else "ru"
    company = COMPANY_EN if lang == "en" else COMPANY_RU
    text = _BODIES[lang].format(code=code, minutes=valid_minutes, company=company)
    return Letter(subject=_SUBJECTS[lang][purpose], text=text, html=_as_html(text, code))


def _as_html(text: str, code: str) -> str:
    paragraphs = [escape(block).replace("\n", "<br>") for block in text.split("\n\n")]
    body = "".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)
    highlighted = body.replace(escape(code), f'<b style="font-size:20px">{escape(code)}</b>', 1)
    return f"<!doctype html><html><body>{highlighted}</body></html>"
