"""Whether a shared contact proves a phone: the sender's own Telegram account, not forwarded."""

from __future__ import annotations

from aiogram.types import Message


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
