"""«Поделиться номером»: a contact proves the phone only when it is the sender's own and fresh."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import Message
from aiogram.utils.i18n import gettext as _

from bot.fsm.onboarding import AFTER_CONSENT
from bot.handlers.sign_in_welcome import message_login, welcome_signed_in
from bot.keyboards.onboarding import ways_in_keyboard
from core.cabinet import Cabinet
from core.validation.errors import InvalidPhone


def is_own_fresh_contact(message: Message) -> bool:
    """Telegram fills `user_id` for a contact that is a Telegram account; only the sender's own
    account, not forwarded, says the phone is theirs."""
    contact = message.contact
    sender = message.from_user
    return (
        contact is not None
        and sender is not None
        and message.forward_origin is None
        and contact.user_id == sender.id
    )


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
    await welcome_signed_in(message, state, cabinet, signed)


def create_router() -> Router:
    router = Router(name="sign_in_contact")
    router.message.register(contact_shared, StateFilter(*AFTER_CONSENT), F.contact)
    return router
