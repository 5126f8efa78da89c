"""Changing the sign-in phone to one the bot has verified (a contact shared by its owner)."""

from __future__ import annotations

from core import audit
from core.clock import Clock
from core.enums import AuditAction
from core.users.errors import PhoneTaken, UserNotFound
from core.users.views import UserView
from core.validation.phone import normalize_phone
from storage.uow import UnitOfWorkFactory


async def change_phone(
    uow_factory: UnitOfWorkFactory, clock: Clock, user_id: int, phone: str
) -> UserView:
    """Only for a phone proven to be the sender's; raises `PhoneTaken` if another user has it."""
    normalized = normalize_phone(phone)
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
            uow,
            user.id,
            AuditAction.PHONE_CHANGED,
            details={"added": not had_phone},
            at=clock.now(),
        )
        await uow.commit()
        return UserView.of(user)
