"""Telegram's flood control answered politely: wait the `retry_after` it names, then send again.

A reply of several messages (a greeting, then the menu) can exceed a chat's short burst; without
this the second message would be lost and the user left without the menu.
"""

from __future__ import annotations

import asyncio
import logging

from aiogram import Bot
from aiogram.client.session.middlewares.base import (
    BaseRequestMiddleware,
    NextRequestMiddlewareType,
)
from aiogram.exceptions import TelegramRetryAfter
from aiogram.methods import Response, TelegramMethod
from aiogram.methods.base import TelegramType

logger = logging.getLogger("cabinet.flood")


class FloodWait(BaseRequestMiddleware):
    def __init__(self, attempts: int = 4, longest_wait: int = 30) -> None:
        self.attempts = attempts
        self.longest_wait = longest_wait

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        for attempt in range(1, self.attempts + 1):
            try:
                return await make_request(bot, method)
            except TelegramRetryAfter as flood:
                if attempt == self.attempts or flood.retry_after > self.longest_wait:
                    raise
                logger.warning(
                    "flood control: waiting",
                    extra={"method": type(method).__name__, "seconds": flood.retry_after},
                )
                await asyncio.sleep(flood.retry_after)
        raise AssertionError("unreachable: the last attempt returns or raises")
