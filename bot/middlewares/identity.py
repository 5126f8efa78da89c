from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject, User

from core.cabinet import Cabinet


class IdentityMiddleware(BaseMiddleware):
    """Puts the cabinet user this Telegram account is signed in to (or None) into `user`."""

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        sender: User | None = data.get("event_from_user")
        cabinet: Cabinet = data["cabinet"]
        data["user"] = await cabinet.users.by_telegram(sender.id) if sender else None
        return await handler(event, data)
