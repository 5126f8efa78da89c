"""A button press answered too late is still handled: Telegram refuses `answerCallbackQuery` some
15 seconds after the press ("query is too old"), and that refusal must not end the handler.

It happens when the update waited: given back during a database or Redis outage and handled once
it was over, taken over from a worker that died, or queued behind a busy chat. Handlers answer
the press first (the spinner on the button) and then do the work; without this the refusal
raised there, the update counted as handled with an error, and the customer never got the
answer (a payment link, a page of history). The spinner has long stopped by then anyway.
"""

from __future__ import annotations

import logging

from aiogram import Bot
from aiogram.client.session.middlewares.base import (
    BaseRequestMiddleware,
    NextRequestMiddlewareType,
)
from aiogram.exceptions import TelegramBadRequest
from aiogram.methods import AnswerCallbackQuery, Response, TelegramMethod
from aiogram.methods.base import TelegramType

logger = logging.getLogger("cabinet.callbacks")
TOO_OLD = "query is too old"


class ExpiredCallbackAnswers(BaseRequestMiddleware):
    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        try:
            return await make_request(bot, method)
        except TelegramBadRequest as refusal:
            if not isinstance(method, AnswerCallbackQuery) or TOO_OLD not in refusal.message:
                raise
            logger.info("a button press answered too late; handled all the same")
            return Response[TelegramType](ok=True, result=True)
