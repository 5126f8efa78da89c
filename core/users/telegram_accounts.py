"""Telegram accounts signed in to the cabinet: who is behind an update, sign-out, blocked bots."""

from __future__ import annotations

from core import audit
from core.clock import Clock
from core.enums import AuditAction
from core.ports import UnitOfWork, UnitOfWorkFactory
from core.users.errors import NotSignedIn
from core.users.views import UserView


async def find_user_by_telegram(
    uow_factory: UnitOfWorkFactory, telegram_user_id: int
) -> UserView | None:
    """The user this Telegram account is signed in to, or None."""
    async with uow_factory(reading=True) as uow:
        return await user_signed_in(uow, telegram_user_id)


async def user_signed_in(uow: UnitOfWork, telegram_user_id: int) -> UserView | None:
    """`find_user_by_telegram` inside a unit of work of the caller's (the update inbox reads it
    in the transaction that claims the update, sparing one of its own)."""
    user = await uow.users.signed_in_as(telegram_user_id)
    return UserView.of(user) if user is not None else None


async def sign_out(uow_factory: UnitOfWorkFactory, clock: Clock, telegram_user_id: int) -> None:
    """Unbinds the Telegram account from its user; raises `NotSignedIn` if it was not bound."""
    async with uow_factory() as uow:
        identity = await uow.users.identity(telegram_user_id)
        if identity is None or identity.user_id is None:
            raise NotSignedIn()
        await audit.record(uow, identity.user_id, AuditAction.SIGNED_OUT, at=clock.now())
        identity.user_id = None
        await uow.commit()


async def mark_blocked(uow_factory: UnitOfWorkFactory, clock: Clock, telegram_user_id: int) -> None:
    """The user blocked the bot (Telegram answered 403): stop writing; the next sign-in clears it."""
    async with uow_factory() as uow:
        identity = await uow.users.identity(telegram_user_id)
        if identity is None or identity.blocked_at is not None:
            return
        identity.blocked_at = clock.now()
        await uow.commit()
