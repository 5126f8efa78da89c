"""Cutting a long text into parts Telegram takes: each within the limit as Telegram counts it, in
order, nothing lost but the whitespace at a cut, cut where a reader would."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.notifications.text_parts import split_text, telegram_length, visible_length


def test_a_text_that_fits_is_one_part_as_it_is() -> None:
    assert split_text("  Добрый день!  ", 16) == ["  Добрый день!  "]
    assert split_text("", 10) == [""]


def test_the_cut_prefers_a_paragraph_then_a_sentence_then_a_word() -> None:
    paragraphs = "Первый абзац, довольно длинный.\n\nВторой абзац."
    assert split_text(paragraphs, 40) == ["Первый абзац, довольно длинный.", "Второй абзац."]
    sentences = "Одно предложение. Второе предложение. Третье"
    assert split_text(sentences, 40) == ["Одно предложение. Второе предложение.", "Третье"]
    spaced = "слово " * 10
    assert split_text(spaced, 15) == ["слово слово"] * 4 + ["слово слово "]
    assert split_text("x" * 25, 10) == ["x" * 10, "x" * 10, "x" * 5]  # no space: a hard cut


def test_a_paragraph_break_too_early_gives_way_to_a_later_boundary() -> None:
    text = "Да.\n\n" + "Подробности следуют здесь. И ещё немного текста"
    assert split_text(text, 40)[0] == "Да.\n\nПодробности следуют здесь."


def test_the_first_part_leaves_room_for_a_heading() -> None:
    parts = split_text("a b c d e f", limit=7, first_limit=3)
    assert parts == ["a b", "c d e f"]


def test_length_is_counted_as_telegram_counts_it() -> None:
    assert telegram_length("💬") == 2 and telegram_length("ё") == 1
    assert visible_length("💬 <b>Ответ</b> &amp;\n") == len("💬 Ответ &\n") + 1
    assert split_text("💬" * 5, 4) == ["💬💬", "💬💬", "💬"]  # never half an emoji


def test_no_room_is_refused() -> None:
    with pytest.raises(ValueError):
        split_text("text", limit=10, first_limit=0)


@given(
    text=st.text(alphabet=st.sampled_from(list("аб ю.!?\n\t😀x")), min_size=0, max_size=400),
    limit=st.integers(min_value=2, max_value=60),
    heading=st.integers(min_value=0, max_value=30),
)
def test_every_part_fits_and_only_whitespace_at_the_cuts_is_lost(
    text: str, limit: int, heading: int
) -> None:
    first = max(2, limit - heading)
    parts = split_text(text, limit, first_limit=first)
    assert telegram_length(parts[0]) <= first
    assert all(telegram_length(part) <= limit for part in parts[1:])
    assert all(part.strip() for part in parts[1:]) and (parts[0].strip() or len(parts) == 1)
    assert "".join("".join(parts).split()) == "".join(text.split())
