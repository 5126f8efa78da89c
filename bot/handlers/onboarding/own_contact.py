"""Whether a shared contact proves a phone: the sender's own Telegram account, not forwarded;
and what a dialog waiting for such a contact says to anything else."""

from __future__ import annotations

from aiogram.types import Message
from aiogram.utils.i18n import gettext as _

from bot.handlers.onboarding.phone_keyboard import share_phone_keyboard


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


async def contact_expected(message: Message) -> None:
    """Text or anything else where the dialog waits for the customer's own contact."""
    await message.answer(_("profile.phone_expects_contact"), reply_markup=share_phone_keyboard())
