"""Changing a password in a chat, one message at a time, without a password ever kept at rest.

A chat dialog asks for the old password, the new one and the new one again in three messages,
and whatever it remembers between them sits in the dialog's state (the database or Redis). So:
- the old password is checked at once and traded for a *proof*: an HMAC keyed by the current
  password hash, which expires and dies with the hash (a password changed elsewhere voids it);
- the new password is checked for strength at once and traded for its argon2 hash;
- the repeat is checked against that hash, which then becomes the password.

A customer who signs in by phone and has forgotten the password proves the phone instead: their
own contact shared again (`prove_phone`) gives the same proof as the old password would.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
from datetime import datetime, timedelta

from core import audit
from core.clock import Clock
from core.entities.users import User
from core.enums import AuditAction
from core.errors import CabinetError
from core.passwords import Passwords
from core.ports import UnitOfWorkFactory
from core.users.errors import (
    PasswordNotSet,
    PhoneNotSignInPhone,
    SignInLocked,
    UserNotFound,
    WrongPassword,
)
from core.users.lockout import ensure_not_locked, lock_ends
from core.users.password_policy import check_password_strength
from core.validation.phone import normalize_phone

PROOF_LIFETIME = timedelta(minutes=15)


class PasswordsDiffer(CabinetError):
    code = "passwords_differ"

    def __init__(self) -> None:
        super().__init__("the repeated password is not the new one")


class PasswordChangeExpired(CabinetError):
    """The old password was checked too long ago, or the password has changed since."""

    code = "password_change_expired"

    def __init__(self) -> None:
        super().__init__("start the password change again")


async def prove_current_password(
    uow_factory: UnitOfWorkFactory, clock: Clock, passwords: Passwords, user_id: int, password: str
) -> str:
    """A proof that the user knows the current password; raises `WrongPassword` otherwise.

    Wrong passwords count with wrong sign-ins: five in a row lock both (`SignInLocked`), so the
    chat is no way around the sign-in's limit on guessing.
    """
    now = clock.now()
    async with uow_factory() as uow:
        user = await uow.users.get(user_id, for_update=True)
        if user is None:
            raise UserNotFound()
        if user.password_hash is None:
            raise PasswordNotSet()
        ensure_not_locked(user, now)
        if not await asyncio.to_thread(passwords.verify, user.password_hash, password):
            failures = await uow.users.count_failed_sign_in(user.id)
            locked_until = lock_ends(failures, now)
            if locked_until is not None:
                await uow.users.lock(user.id, locked_until)
            await audit.record(
                uow,
                user.id,
                AuditAction.SIGN_IN_FAILED,
                details={"method": "password_change", "failures": failures},
                at=now,
            )
            await uow.commit()
            if locked_until is not None:
                raise SignInLocked(locked_until)
            raise WrongPassword()
        if user.failed_sign_ins:  # as a successful sign-in does, the right password resets them
            user.failed_sign_ins = 0
            await uow.commit()
        return _sign(user, now + PROOF_LIFETIME)


async def prove_phone(
    uow_factory: UnitOfWorkFactory, clock: Clock, user_id: int, phone: str
) -> str:
    """A proof for the password change from a phone proven to be the sender's (their own contact,
    checked by the caller); raises `PhoneNotSignInPhone` unless it is the user's sign-in phone.
    The proof stands in for the current password, so a customer who forgot it sets a new one."""
    normalized = normalize_phone(phone)
    now = clock.now()
    async with uow_factory() as uow:
        user = await uow.users.get(user_id)
        if user is None:
            raise UserNotFound()
        if user.phone is None or user.phone != normalized:
            raise PhoneNotSignInPhone()
        return _sign(user, now + PROOF_LIFETIME)


async def prepare_new_password(
    uow_factory: UnitOfWorkFactory, passwords: Passwords, user_id: int, new_password: str
) -> str:
    """The new password's hash once it is strong enough; raises `WeakPassword` otherwise."""
    async with uow_factory() as uow:
        user = await uow.users.get(user_id)
        if user is None:
            raise UserNotFound()
        check_password_strength(new_password, phone=user.phone, email=user.email)
    return await asyncio.to_thread(passwords.hash, new_password)


async def finish_password_change(
    uow_factory: UnitOfWorkFactory,
    clock: Clock,
    passwords: Passwords,
    user_id: int,
    proof: str | None,
    new_password_hash: str,
    repeated: str,
) -> None:
    """Sets the prepared password when `repeated` matches it. A user who has a password must
    bring a live proof; one who has none yet (signed up by phone or code) sets the first."""
    if not await asyncio.to_thread(passwords.verify, new_password_hash, repeated):
        raise PasswordsDiffer()
    now = clock.now()
    async with uow_factory() as uow:
        user = await uow.users.get(user_id, for_update=True)
        if user is None:
            raise UserNotFound()
        first = user.password_hash is None
        if not first and (proof is None or not _proof_holds(user, proof, now)):
            raise PasswordChangeExpired()
        user.password_hash = new_password_hash
        await audit.record(
            uow, user.id, AuditAction.PASSWORD_CHANGED, details={"first": first}, at=now
        )
        await uow.commit()


def _sign(user: User, expires_at: datetime) -> str:
    stamp = str(int(expires_at.timestamp()))
    return f"{stamp}.{_digest(user, stamp)}"


def _proof_holds(user: User, proof: str, now: datetime) -> bool:
    stamp, _, digest = proof.partition(".")
    if not (stamp.isascii() and stamp.isdigit()) or int(stamp) < now.timestamp():
        return False
    return hmac.compare_digest(digest, _digest(user, stamp))


def _digest(user: User, stamp: str) -> str:
    key = (user.password_hash or "").encode()
    return hmac.new(key, f"{user.id}:{stamp}".encode(), hashlib.sha256).hexdigest()
