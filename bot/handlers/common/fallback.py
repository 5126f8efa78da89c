"""Whatever no section understood: say what the bot can do instead of staying silent."""

from __future__ import annotations

from aiogram import Router
from aiogram.types import CallbackQuery
from aiogram.utils.i18n import gettext as _

from bot.filters.private_chat import in_private_chat
from bot.handlers.common.dialog import hint

unknown_message = hint("fallback.unknown_message")


async def stale_button(query: CallbackQuery) -> None:
    await query.answer(_("fallback.stale_button"), show_alert=True)


def create_router() -> Router:
    router = Router(name="fallback")
    router.message.register(unknown_message, in_private_chat)
    router.callback_query.register(stale_button)
    return router
