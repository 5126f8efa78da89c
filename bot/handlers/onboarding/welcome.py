"""The end of every way in: consent recorded, the dialog closed, the main menu shown, and for a
customer with no account yet what is open to them."""

from __future__ import annotations

from aiogram.fsm.context import FSMContext
from aiogram.types import Message, User
from aiogram.utils.i18n import get_i18n
from aiogram.utils.i18n import gettext as _

from bot.handlers.menu.keyboard import main_menu
from bot.handlers.onboarding.keyboards import add_account_keyboard
from core.cabinet import Cabinet
from core.users.telegram_login import TelegramLogin
from core.users.views import SignInView


def telegram_login(sender: User, chat_id: int) -> TelegramLogin:
    return TelegramLogin(
        telegram_user_id=sender.id,
        chat_id=chat_id,
        username=sender.username,
        language_code=sender.language_code,
    )


def message_login(message: Message) -> TelegramLogin:
    assert message.from_user is not None  # private chats only: there is always a sender
    return telegram_login(message.from_user, message.chat.id)


def letter_language() -> str:
    """A code letter to an address not yet registered goes out in the bot's language."""
    return get_i18n().current_locale


async def welcome_signed_in(
    message: Message, state: FSMContext, cabinet: Cabinet, signed: SignInView
) -> None:
    await cabinet.users.record_consent(signed.user.id)
    await state.clear()
    greeting = _("start.registered") if signed.registered else _("start.signed_in")
    await message.answer(greeting, reply_markup=main_menu())
    if not await cabinet.accounts.list_accounts(signed.user.id):
        await message.answer(_("start.no_accounts"), reply_markup=add_account_keyboard())
