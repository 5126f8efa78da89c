from __future__ import annotations

import pytest

from core.support.question import could_be_question


@pytest.mark.parametrize(
    "text",
    [
        "Здравствуйте, когда придёт квитанция?",
        "почему так много",
        "Сколько?",
        "why is my bill so high",
        "Мой счёт 110000001, почему долг 1 234,56 руб.?",
        "Почему «Т1» не принимает показания (12 345 кВт*ч)?",
    ],
)
def test_a_question(text: str) -> None:
    assert could_be_question(text)


@pytest.mark.parametrize(
    "text",
    [
        None,
        "",
        "   ",
        "12345",
        "12 345,6 кВт*ч",
        "Ж" * 4096,
        "/help me please",
        "ok",
        "?!",
        "<b>bold</b> text",
        "ab{c} |de| ~fg^ [hi] `jk` $lm",
    ],
)
def test_not_a_question(text: str | None) -> None:
    assert not could_be_question(text)
