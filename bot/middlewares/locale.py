from __future__ import annotations

from typing import Any

from aiogram.types import TelegramObject, User
from aiogram.utils.i18n import I18nMiddleware

from bot.i18n import locale_for


class LocaleMiddleware(I18nMiddleware):
    """Chooses the catalogue by the Telegram user's language (Russian by default)."""

    async def get_locale(self, event: TelegramObject, data: dict[str, Any]) -> str:
        user: User | None = data.get("event_from_user")
        return locale_for(user.language_code if user else None)
