"""A password change one step at a time: a proof of the old password, the new one's hash, and
the repeat — with nothing in between that reveals a password."""

from __future__ import annotations

from datetime import timedelta

import pytest

from core.clock import FrozenClock
from core.passwords import Passwords
from core.users.errors import SignInLocked, WeakPassword, WrongCredentials, WrongPassword
from core.users.lockout import MAX_FAILED_SIGN_INS
from core.users.password_change import change_password, set_first_password
from core.users.password_sign_in import sign_in_with_password
from core.users.password_steps import (
    PROOF_LIFETIME,
    PasswordChangeExpired,
    PasswordsDiffer,
    finish_password_change,
    prepare_new_password,
    prove_current_password,
)
from core.users.phone_sign_in import register_or_sign_in_by_phone
from core.users.telegram_login import TelegramLogin
from storage.uow import UnitOfWorkFactory

OLD = "Kw7-ledger"
NEW = "Pine-cone-81"
PHONE = "+79181234567"


@pytest.fixture
async def user_id(uow_factory: UnitOfWorkFactory, clock: FrozenClock, passwords: Passwords) -> int:
    registered = await register_or_sign_in_by_phone(uow_factory, clock, 1, 1, PHONE)
    await set_first_password(uow_factory, clock, passwords, registered.user.id, OLD)
    return registered.user.id


async def signs_in_with(
    uow_factory: UnitOfWorkFactory, clock: FrozenClock, passwords: Passwords, password: str
) -> bool:
    try:
        await sign_in_with_password(
            uow_factory, clock, passwords, PHONE, password, TelegramLogin(2, 2)
        )
    except WrongCredentials:
        return False
    return True


async def test_the_steps_change_the_password_and_keep_no_password_in_between(
    uow_factory: UnitOfWorkFactory, clock: FrozenClock, passwords: Passwords, user_id: int
) -> None:
    proof = await prove_current_password(uow_factory, clock, passwords, user_id, OLD)
    new_hash = await prepare_new_password(uow_factory, passwords, user_id, NEW)
    assert OLD not in proof and NEW not in new_hash

    await finish_password_change(uow_factory, clock, passwords, user_id, proof, new_hash, NEW)

    assert await signs_in_with(uow_factory, clock, passwords, NEW)
    assert not await signs_in_with(uow_factory, clock, passwords, OLD)


async def test_each_step_refuses_what_is_wrong(
    uow_factory: UnitOfWorkFactory, clock: FrozenClock, passwords: Passwords, user_id: int
) -> None:
    with pytest.raises(WrongPassword):
        await prove_current_password(uow_factory, clock, passwords, user_id, "Kw7-ledgeR")
    with pytest.raises(WeakPassword):
        await prepare_new_password(uow_factory, passwords, user_id, "12345")
    proof = await prove_current_password(uow_factory, clock, passwords, user_id, OLD)
    new_hash = await prepare_new_password(uow_factory, passwords, user_id, NEW)
    with pytest.raises(PasswordsDiffer):
        await finish_password_change(
            uow_factory, clock, passwords, user_id, proof, new_hash, NEW + "!"
        )
    with pytest.raises(PasswordChangeExpired):
        await finish_password_change(uow_factory, clock, passwords, user_id, None, new_hash, NEW)
    with pytest.raises(PasswordChangeExpired):
        forged = proof.split(".")[0] + "." + "0" * 64
        await finish_password_change(uow_factory, clock, passwords, user_id, forged, new_hash, NEW)
    assert await signs_in_with(uow_factory, clock, passwords, OLD)


async def test_a_proof_expires_and_dies_with_the_password(
    uow_factory: UnitOfWorkFactory, clock: FrozenClock, passwords: Passwords, user_id: int
) -> None:
    new_hash = await prepare_new_password(uow_factory, passwords, user_id, NEW)
    stale = await prove_current_password(uow_factory, clock, passwords, user_id, OLD)
    clock.advance(PROOF_LIFETIME + timedelta(seconds=1))
    with pytest.raises(PasswordChangeExpired):
        await finish_password_change(uow_factory, clock, passwords, user_id, stale, new_hash, NEW)

    fresh = await prove_current_password(uow_factory, clock, passwords, user_id, OLD)
    await change_password(uow_factory, clock, passwords, user_id, OLD, "Other-path-55")
    with pytest.raises(PasswordChangeExpired):
        await finish_password_change(uow_factory, clock, passwords, user_id, fresh, new_hash, NEW)


async def test_wrong_old_passwords_count_with_wrong_sign_ins(
    uow_factory: UnitOfWorkFactory, clock: FrozenClock, passwords: Passwords, user_id: int
) -> None:
    for _attempt in range(MAX_FAILED_SIGN_INS - 1):
        with pytest.raises(WrongPassword):
            await prove_current_password(uow_factory, clock, passwords, user_id, "guess")
    with pytest.raises(SignInLocked):
        await prove_current_password(uow_factory, clock, passwords, user_id, "guess")
    with pytest.raises(SignInLocked):  # even the right one waits for the lock to end
        await prove_current_password(uow_factory, clock, passwords, user_id, OLD)


async def test_a_user_without_a_password_sets_the_first_one_without_a_proof(
    uow_factory: UnitOfWorkFactory, clock: FrozenClock, passwords: Passwords
) -> None:
    registered = await register_or_sign_in_by_phone(uow_factory, clock, 1, 1, PHONE)
    new_hash = await prepare_new_password(uow_factory, passwords, registered.user.id, NEW)

    await finish_password_change(
        uow_factory, clock, passwords, registered.user.id, None, new_hash, NEW
    )

    assert await signs_in_with(uow_factory, clock, passwords, NEW)
