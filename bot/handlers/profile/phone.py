"""«Телефон для входа»: add or change the sign-in phone by sharing one's own contact.

The contact proves the phone as it does at sign-in (the sender's own, not forwarded); a phone
another cabinet signs in with is refused. The customer's other chats hear of the change through
the outbox (`core/users/phone_change.py`).
"""

from __future__ import annotations

from aiogram import F, Router, html
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext as _

from bot.filters.button_text import ButtonText, NotMenuButton
from bot.fsm.profile import PhoneChange
from bot.handlers.common.dialog import message_of
from bot.handlers.menu.keyboard import main_menu
from bot.handlers.onboarding.own_contact import contact_expected, is_own_fresh_contact
from bot.handlers.onboarding.phone_keyboard import PHONE_CANCEL, share_phone_keyboard
from bot.handlers.profile.keyboards import ProfileButton, ProfileScreen
from core.cabinet import Cabinet
from core.users.errors import PhoneTaken
from core.users.views import UserView
from core.validation.errors import InvalidPhone


async def ask_for_contact(
    query: CallbackQuery, state: FSMContext, cabinet: Cabinet, user: UserView
) -> None:
    await state.clear()
    await state.set_state(PhoneChange.contact)
    await query.answer()
    message = message_of(query)
    if message is None:
        return
    current = html.quote(user.phone) if user.phone else _("profile.value_empty")
    await message.answer(
        _("profile.phone_ask").format(current=current), reply_markup=share_phone_keyboard()
    )


async def contact_received(
    message: Message, state: FSMContext, cabinet: Cabinet, user: UserView
) -> None:
    if not is_own_fresh_contact(message):
        await message.answer(_("profile.phone_not_own"), reply_markup=share_phone_keyboard())
        return
    assert message.contact is not None and message.from_user is not None  # checked above
    try:
        changed = await cabinet.users.change_phone(
            user.id, message.contact.phone_number, telegram_user_id=message.from_user.id
        )
    except InvalidPhone:
        await state.clear()
        await message.answer(_("profile.phone_not_russian"), reply_markup=main_menu())
        return
    except PhoneTaken:
        await state.clear()
        await message.answer(_("profile.phone_taken"), reply_markup=main_menu())
        return
    await state.clear()
    phone = html.quote(changed.phone or "")
    if changed.phone == user.phone:
        await message.answer(_("profile.phone_same").format(phone=phone), reply_markup=main_menu())
        return
    key = "profile.phone_changed" if user.phone else "profile.phone_added"
    await message.answer(_(key).format(phone=phone), reply_markup=main_menu())


async def cancelled(message: Message, state: FSMContext) -> None:
    await state.clear()
    await message.answer(_("profile.phone_cancelled"), reply_markup=main_menu())


def create_router() -> Router:
    router = Router(name="profile_phone")
    router.callback_query.register(
        ask_for_contact, ProfileButton.filter(F.screen == ProfileScreen.PHONE)
    )
    router.message.register(contact_received, StateFilter(PhoneChange.contact), F.contact)
    router.message.register(cancelled, StateFilter(PhoneChange.contact), ButtonText(PHONE_CANCEL))
    router.message.register(contact_expected, StateFilter(PhoneChange.contact), NotMenuButton())
    return router
