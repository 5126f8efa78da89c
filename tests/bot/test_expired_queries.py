"""A press answered after Telegram's 15 seconds ("query is too old") does not end its handler;
other refusals still do."""

from __future__ import annotations

import pytest
from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest
from aiogram.methods import AnswerCallbackQuery, Response, SendMessage, TelegramMethod
from aiogram.types import Message

from bot.expired_queries import ExpiredCallbackAnswers
from emulator.config import DEFAULT_TOKEN
from emulator.methods.callbacks import QUERY_TOO_OLD


async def refused(bot: Bot, method: TelegramMethod[bool]) -> Response[bool]:
    raise TelegramBadRequest(method=method, message=f"Bad Request: {QUERY_TOO_OLD}")


async def refused_message(bot: Bot, method: TelegramMethod[Message]) -> Response[Message]:
    raise TelegramBadRequest(method=method, message=f"Bad Request: {QUERY_TOO_OLD}")


async def test_a_late_answer_to_a_press_counts_as_given() -> None:
    bot = Bot(DEFAULT_TOKEN)
    answer = AnswerCallbackQuery(callback_query_id="1")
    response = await ExpiredCallbackAnswers()(refused, bot, answer)
    assert response.result is True
    await bot.session.close()


async def test_other_refusals_still_raise() -> None:
    bot = Bot(DEFAULT_TOKEN)
    with pytest.raises(TelegramBadRequest):
        await ExpiredCallbackAnswers()(refused_message, bot, SendMessage(chat_id=1, text="x"))
    await bot.session.close()
