"""The server-side check behind every account button: is the account the presser's?"""

from __future__ import annotations

from contextlib import suppress

from aiogram.exceptions import TelegramBadRequest
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

from bot.errors_text import error_text
from core.cabinet import Cabinet
from core.errors import CabinetError
from core.users.views import UserView


async def owns_account(
    query: CallbackQuery, cabinet: Cabinet, user: UserView, account_id: int
) -> bool:
    """True when it is; otherwise the presser gets a polite refusal as an alert."""
    try:
        await cabinet.accounts.ensure_owner(user.id, account_id)
    except CabinetError as refused:
        await query.answer(error_text(refused, cabinet.settings.tz), show_alert=True)
        return False
    return True


async def show_page(
    query: CallbackQuery, icon: str, text: str, keyboard: InlineKeyboardMarkup
) -> None:
    """A page of a list: in place of the pressed message when that shows the same list (its
    text starts with `icon`), else as a new message."""
    await query.answer()
    if not isinstance(query.message, Message):
        return
    if (query.message.text or "").startswith(icon):
        with suppress(TelegramBadRequest):  # pressed twice: "message is not modified"
            await query.message.edit_text(text, reply_markup=keyboard)
        return
    await query.message.answer(text, reply_markup=keyboard)
