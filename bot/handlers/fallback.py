"""Whatever no section understood: say what the bot can do instead of staying silent."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext as _


async def unknown_message(message: Message) -> None:
    await message.answer(_("fallback.unknown_message"))


async def stale_button(query: CallbackQuery) -> None:
    await query.answer(_("fallback.stale_button"), show_alert=True)


def create_router() -> Router:
    router = Router(name="fallback")
    router.message.register(unknown_message, F.chat.type == "private")
    router.callback_query.register(stale_button)
    return router
