"""«Не помню пароль»: a customer who signs in by phone proves it by sharing their own contact
again, and goes on to the new password as if the old one had been typed.

Reached from «Изменить пароль» in «Профиль», and from «Забыли пароль?» at sign-in (the contact
signs the customer in, then `ask_new_password` follows)."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext as _

from bot.errors_text import error_text
from bot.filters.button_text import ButtonText, NotMenuButton
from bot.fsm.profile import PASSWORD_CHANGE, PasswordChange, PasswordDialog
from bot.handlers.common.dialog import message_of
from bot.handlers.menu.keyboard import main_menu
from bot.handlers.onboarding.own_contact import contact_expected, is_own_fresh_contact
from bot.handlers.onboarding.phone_keyboard import PHONE_CANCEL, share_phone_keyboard
from bot.handlers.profile.keyboards import ProfileButton, ProfileScreen
from core.cabinet import Cabinet
from core.errors import CabinetError
from core.users.views import UserView


async def ask_for_contact(
    query: CallbackQuery, state: FSMContext, cabinet: Cabinet, user: UserView
) -> None:
    await query.answer()
    message = message_of(query)
    if user.phone is None or message is None:  # a stale button: the phone was removed since
        return
    await state.clear()
    await state.set_state(PasswordChange.by_phone)
    await message.answer(_("profile.password_by_phone_ask"), reply_markup=share_phone_keyboard())


async def contact_received(
    message: Message, state: FSMContext, cabinet: Cabinet, user: UserView
) -> None:
    if not is_own_fresh_contact(message):
        await message.answer(_("profile.phone_not_own"), reply_markup=share_phone_keyboard())
        return
    assert message.contact is not None  # checked above
    await ask_new_password(message, state, cabinet, user.id, message.contact.phone_number)


async def ask_new_password(
    message: Message, state: FSMContext, cabinet: Cabinet, user_id: int, phone: str
) -> None:
    """The phone, proven by the contact the customer shared, stands for the old password."""
    try:
        proof = await cabinet.users.prove_phone(user_id, phone)
    except CabinetError as refused:
        await state.clear()
        await message.answer(error_text(refused, cabinet.settings.tz), reply_markup=main_menu())
        return
    await PASSWORD_CHANGE.save(state, PasswordChange.new_password, PasswordDialog(proof=proof))
    await message.answer(_("profile.password_phone_proven"), reply_markup=main_menu())


async def cancelled(message: Message, state: FSMContext) -> None:
    await state.clear()
    await message.answer(_("profile.password_not_changed"), reply_markup=main_menu())


def create_router() -> Router:
    router = Router(name="password_by_phone")
    router.callback_query.register(
        ask_for_contact, ProfileButton.filter(F.screen == ProfileScreen.PASSWORD_BY_PHONE)
    )
    waiting = StateFilter(PasswordChange.by_phone)
    router.message.register(contact_received, waiting, F.contact)
    router.message.register(cancelled, waiting, ButtonText(PHONE_CANCEL))
    router.message.register(contact_expected, waiting, NotMenuButton())
    return router
