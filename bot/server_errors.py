"""Telegram's own failures (500, 502, 503, 504) on a reply are tried again, after 0.5, 1, 2 and 4
seconds, instead of losing the customer's answer.

Without this a 502 on the reply to a press raised in the handler, the update counted as handled
(with the error), and the customer was left without an answer to what they did (a payment link
made at the bank and never shown). A 5xx means Telegram could not take the call; in the rare case
it took it anyway, a message arrives twice, which is the lesser harm. The outbox sender has its
own retries with backoff and does not use this.
"""

from __future__ import annotations

import asyncio
import logging

from aiogram import Bot
from aiogram.client.session.middlewares.base import (
    BaseRequestMiddleware,
    NextRequestMiddlewareType,
)
from aiogram.exceptions import TelegramServerError
from aiogram.methods import Response, TelegramMethod
from aiogram.methods.base import TelegramType

logger = logging.getLogger("cabinet.telegram")


class ServerErrorRetry(BaseRequestMiddleware):
    def __init__(self, pauses: tuple[float, ...] = (0.5, 1.0, 2.0, 4.0)) -> None:
        self.pauses = pauses

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        for pause in self.pauses:
            try:
                return await make_request(bot, method)
            except TelegramServerError as failure:
                logger.warning(
                    "Telegram failed a call; trying again",
                    extra={"method": type(method).__name__, "error": failure.message[:100]},
                )
                await asyncio.sleep(pause)
        return await make_request(bot, method)
