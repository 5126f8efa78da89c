"""`SignedIn()`: the update comes from a Telegram account signed in to the cabinet."""

from __future__ import annotations

from aiogram.filters import Filter
from aiogram.types import TelegramObject

from core.users.views import UserView


class SignedIn(Filter):
    async def __call__(self, event: TelegramObject, user: UserView | None = None) -> bool:
        return user is not None
