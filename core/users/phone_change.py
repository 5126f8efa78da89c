"""Changing the sign-in phone to one the bot has verified (a contact shared by its owner).

The customer's other chats (the Telegram account that signed in with the old phone, most often)
are told through the outbox, so a change they did not make does not go unnoticed.
"""

from __future__ import annotations

from core import audit
from core.clock import Clock
from core.enums import AuditAction, NotificationKind
from core.notifications.outbox import Outgoing, enqueue_many
from core.ports import UnitOfWorkFactory
from core.users.errors import PhoneTaken, UserNotFound
from core.users.views import UserView
from core.validation.phone import normalize_phone


async def change_phone(
    uow_factory: UnitOfWorkFactory,
    clock: Clock,
    user_id: int,
    phone: str,
    *,
    telegram_user_id: int | None = None,
) -> UserView:
    """Only for a phone proven to be the sender's; raises `PhoneTaken` if another user has it.

    `telegram_user_id`: the account that made the change, in a chat; the user's other chats are
    told of it (`NotificationKind.PHONE_CHANGED`)."""
    normalized = normalize_phone(phone)
    now = clock.now()
    async with uow_factory() as uow:
        user = await uow.users.get(user_id, for_update=True)
        if user is None:
            raise UserNotFound()
        if user.phone == normalized:
            return UserView.of(user)
        if await uow.users.by_phone(normalized) is not None:
            raise PhoneTaken()
        had_phone = user.phone is not None
        user.phone = normalized
        await audit.record(
            uow, user.id, AuditAction.PHONE_CHANGED, details={"added": not had_phone}, at=now
        )
        if telegram_user_id is not None:
            others = [
                Outgoing(
                    user.id,
                    telegram,
                    chat,
                    f"phone:{user.id}:{int(now.timestamp())}",
                    {"phone": normalized, "added": not had_phone},
                )
                for _, telegram, chat in await uow.outbox.reachable_chats_of([user.id])
                if telegram != telegram_user_id
            ]
            await enqueue_many(uow, NotificationKind.PHONE_CHANGED, others, now)
        await uow.commit()
        return UserView.of(user)
