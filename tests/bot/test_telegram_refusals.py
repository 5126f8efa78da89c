"""A press answered after Telegram's 15 seconds ("query is too old") does not end its handler;
other refusals still do. Telegram's own failures (5xx) are tried again before they count."""

from __future__ import annotations

import pytest
from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest, TelegramServerError
from aiogram.methods import AnswerCallbackQuery, Response, SendMessage, TelegramMethod
from aiogram.types import Message

from bot.expired_queries import ExpiredCallbackAnswers
from bot.server_errors import ServerErrorRetry
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


async def test_telegrams_own_failure_is_tried_again() -> None:
    calls = []

    async def fails_once(bot: Bot, method: TelegramMethod[Message]) -> Response[Message]:
        calls.append(method)
        if len(calls) == 1:
            raise TelegramServerError(method=method, message="Bad Gateway")
        return Response[Message](ok=True, result=None)

    bot = Bot(DEFAULT_TOKEN)
    answer = await ServerErrorRetry(pauses=(0.0, 0.0))(
        fails_once, bot, SendMessage(chat_id=1, text="x")
    )
    assert answer.ok and len(calls) == 2
    await bot.session.close()


async def test_telegram_failing_on_and_on_fails_the_call() -> None:
    async def fails(bot: Bot, method: TelegramMethod[Message]) -> Response[Message]:
        raise TelegramServerError(method=method, message="Bad Gateway")

    bot = Bot(DEFAULT_TOKEN)
    with pytest.raises(TelegramServerError):
        await ServerErrorRetry(pauses=(0.0, 0.0))(fails, bot, SendMessage(chat_id=1, text="x"))
    await bot.session.close()
