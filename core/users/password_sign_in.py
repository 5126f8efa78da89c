"""Sign-in by phone or e-mail and password, with a lock against guessing."""

from __future__ import annotations

import asyncio

from core import audit
from core.clock import Clock
from core.enums import AuditAction
from core.passwords import Passwords
from core.ports import UnitOfWorkFactory
from core.users.errors import SignInLocked, WrongCredentials
from core.users.lockout import ensure_not_locked, lock_ends
from core.users.logins import find_by_login
from core.users.sign_in import complete_sign_in
from core.users.telegram_login import TelegramLogin
from core.users.views import SignInView, UserView


async def sign_in_with_password(
    uow_factory: UnitOfWorkFactory,
    clock: Clock,
    passwords: Passwords,
    login: str,
    password: str,
    telegram: TelegramLogin,
) -> SignInView:
    """Raises `WrongCredentials` alike for an unknown login and a wrong password (spending the
    same hashing time), and `SignInLocked` (with `until`) after 5 wrong passwords in a row."""
    now = clock.now()
    async with uow_factory() as uow:
        user = await find_by_login(uow, login)
        if user is None or user.password_hash is None:
            await asyncio.to_thread(passwords.waste_time, password)
            raise WrongCredentials()
        ensure_not_locked(user, now)
        password_hash = user.password_hash
        if not await asyncio.to_thread(passwords.verify, password_hash, password):
            failures = await uow.users.count_failed_sign_in(user.id)
            locked_until = lock_ends(failures, now)
            details: dict[str, object] = {"method": "password", "failures": failures}
            if locked_until is not None:
                await uow.users.lock(user.id, locked_until)
                details["locked_until"] = locked_until.isoformat()
            await audit.record(uow, user.id, AuditAction.SIGN_IN_FAILED, details=details, at=now)
            await uow.commit()
            if locked_until is not None:
                raise SignInLocked(locked_until)
            raise WrongCredentials()
        if passwords.needs_rehash(password_hash):
            user.password_hash = await asyncio.to_thread(passwords.hash, password)
        await complete_sign_in(uow, user, telegram, "password", now)
        await uow.commit()
        return SignInView(user=UserView.of(user), registered=False)
