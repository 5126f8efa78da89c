from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, Protocol

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject, User

from bot.inbox.store import Identified
from core.users.views import UserView


class Identities(Protocol):
    async def by_telegram(self, telegram_user_id: int) -> UserView | None: ...


class IdentityMiddleware(BaseMiddleware):
    """Puts the cabinet user this Telegram account is signed in to (or None) into `user`.

    `identities`: `UsersService` (asks the database every update) or `KnownIdentities` (the
    same answers, remembered while nothing they depend on is written). An update from the
    inbox may come with its sender already read, in the transaction that claimed it
    (`identified`): that answer is used for the same sender."""

    def __init__(self, identities: Identities) -> None:
        self._identities = identities

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        sender: User | None = data.get("event_from_user")
        identified: Identified | None = data.get("identified")
        if sender is None:
            data["user"] = None
        elif identified is not None and identified.telegram_user_id == sender.id:
            data["user"] = identified.user
        else:
            data["user"] = await self._identities.by_telegram(sender.id)
        return await handler(event, data)
