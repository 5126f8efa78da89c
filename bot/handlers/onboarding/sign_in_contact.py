"""«Поделиться номером»: a contact proves the phone only when it is the sender's own and fresh."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import Message
from aiogram.utils.i18n import gettext as _

from bot.fsm.onboarding import AFTER_CONSENT, load
from bot.handlers.onboarding.keyboards import ways_in_keyboard
from bot.handlers.onboarding.own_contact import is_own_fresh_contact
from bot.handlers.onboarding.password_by_phone import ask_new_password
from bot.handlers.onboarding.welcome import message_login, welcome_signed_in
from core.cabinet import Cabinet
from core.validation.errors import InvalidPhone


async def contact_shared(message: Message, state: FSMContext, cabinet: Cabinet) -> None:
    if not is_own_fresh_contact(message):
        await message.answer(_("start.contact_not_own"), reply_markup=ways_in_keyboard())
        return
    assert message.contact is not None  # checked above
    try:
        signed = await cabinet.users.sign_in_by_phone(
            message_login(message), message.contact.phone_number
        )
    except InvalidPhone:
        await message.answer(_("start.contact_phone_not_russian"), reply_markup=ways_in_keyboard())
        return
    resetting = (await load(state)).reset_by_phone
    await welcome_signed_in(message, state, cabinet, signed)
    if resetting:  # «Забыли пароль?»: the contact proves the phone, the new password follows
        await ask_new_password(
            message, state, cabinet, signed.user.id, message.contact.phone_number
        )


def create_router() -> Router:
    router = Router(name="sign_in_contact")
    router.message.register(contact_shared, StateFilter(*AFTER_CONSENT), F.contact)
    return router
