"""`CouldBeQuestion()`: a text that may be a question for the company (`core.support.question`)."""

from __future__ import annotations

from aiogram.filters import Filter
from aiogram.types import Message

from core.support.question import could_be_question


class CouldBeQuestion(Filter):
    async def __call__(self, message: Message) -> bool:
        return could_be_question(message.text)
