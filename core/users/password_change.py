"""Setting the first password (after registering by phone or code) and changing it."""

from __future__ import annotations

import asyncio

from core import audit
from core.clock import Clock
from core.enums import AuditAction
from core.passwords import Passwords
from core.ports import UnitOfWorkFactory
from core.users.errors import PasswordAlreadySet, PasswordNotSet, UserNotFound, WrongPassword
from core.users.password_policy import check_password_strength


async def set_first_password(
    uow_factory: UnitOfWorkFactory,
    clock: Clock,
    passwords: Passwords,
    user_id: int,
    new_password: str,
) -> None:
    """«Придумайте пароль» for a user who has none yet; raises `PasswordAlreadySet` otherwise."""
    async with uow_factory() as uow:
        user = await uow.users.get(user_id, for_update=True)
        if user is None:
            raise UserNotFound()
        if user.password_hash is not None:
            raise PasswordAlreadySet()
        check_password_strength(new_password, phone=user.phone, email=user.email)
        user.password_hash = await asyncio.to_thread(passwords.hash, new_password)
        await audit.record(
            uow, user.id, AuditAction.PASSWORD_CHANGED, details={"first": True}, at=clock.now()
        )
        await uow.commit()


async def change_password(
    uow_factory: UnitOfWorkFactory,
    clock: Clock,
    passwords: Passwords,
    user_id: int,
    old_password: str,
    new_password: str,
) -> None:
    """Raises `WrongPassword` when the old one is not the current, `WeakPassword` for a poor one."""
    async with uow_factory() as uow:
        user = await uow.users.get(user_id, for_update=True)
        if user is None:
            raise UserNotFound()
        if user.password_hash is None:
            raise PasswordNotSet()
        if not await asyncio.to_thread(passwords.verify, user.password_hash, old_password):
            raise WrongPassword()
        check_password_strength(new_password, phone=user.phone, email=user.email)
        user.password_hash = await asyncio.to_thread(passwords.hash, new_password)
        await audit.record(
            uow, user.id, AuditAction.PASSWORD_CHANGED, details={"first": False}, at=clock.now()
        )
        await uow.commit()
