"""Whether the update being handled has shown the customer something yet.

An outage in the middle of a handler puts the update back, to be handled again once the database
or Redis is back. That is right while nothing reached the customer; once a message was sent or
edited, handling it again would send it twice (PostgreSQL coming back leaves dead connections in
the pool, and the first statement after an answer may meet one). So the handler's bot counts,
per update, the calls that show something; the inbox puts an update back only while it is 0.
A button's spinner (`answerCallbackQuery`) and "typing…" show nothing and do not count.
"""

from __future__ import annotations

from contextvars import ContextVar

from aiogram import Bot
from aiogram.client.session.middlewares.base import (
    BaseRequestMiddleware,
    NextRequestMiddlewareType,
)
from aiogram.methods import Response, TelegramMethod
from aiogram.methods.base import TelegramType

_SHOWN: ContextVar[list[str] | None] = ContextVar("inbox_shown", default=None)
_SHOWING = ("send", "edit", "copy", "forward", "delete")
_NOT_SHOWING = {"sendChatAction"}


def watch() -> list[str]:
    """Starts counting for the update handled in this context (and the tasks it starts); the
    list of what was shown, filled as it happens."""
    shown: list[str] = []
    _SHOWN.set(shown)
    return shown


class ShownToCustomer(BaseRequestMiddleware):
    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        response = await make_request(bot, method)
        shown = _SHOWN.get()
        name = method.__api_method__
        if shown is not None and name.startswith(_SHOWING) and name not in _NOT_SHOWING:
            shown.append(name)
        return response
