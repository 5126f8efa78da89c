"""Sign-in by phone or e-mail and password; a lock of 15 minutes after 5 wrong passwords."""

from __future__ import annotations

from datetime import timedelta
from typing import Literal

import pytest
from argon2 import PasswordHasher

from core.clock import FrozenClock
from core.enums import AuditAction
from core.passwords import Passwords
from core.users.errors import SignInLocked, WrongCredentials
from core.users.lockout import LOCK_DURATION, MAX_FAILED_SIGN_INS
from core.users.password_change import set_first_password
from core.users.password_sign_in import sign_in_with_password
from core.users.phone_sign_in import register_or_sign_in_by_phone
from core.users.telegram_accounts import find_user_by_telegram
from core.users.telegram_login import TelegramLogin
from core.validation.errors import InvalidEmail, InvalidPhone
from storage.uow import UnitOfWorkFactory
from tests.core.users.helpers import actions_of, events_of

PASSWORD = "Kw7-ledger"
WEB = TelegramLogin(600, 600)


@pytest.fixture
async def user_id(uow_factory: UnitOfWorkFactory, clock: FrozenClock, passwords: Passwords) -> int:
    """A customer who registered by phone in one Telegram account and set a password."""
    registered = await register_or_sign_in_by_phone(uow_factory, clock, 1, 1, "+79181234567")
    await set_first_password(uow_factory, clock, passwords, registered.user.id, PASSWORD)
    return registered.user.id


@pytest.mark.parametrize("login", ["8 918 123-45-67", "+79181234567"])
async def test_the_right_password_signs_in_by_phone(
    uow_factory: UnitOfWorkFactory,
    clock: FrozenClock,
    passwords: Passwords,
    user_id: int,
    telegram: TelegramLogin,
    login: str,
) -> None:
    result = await sign_in_with_password(uow_factory, clock, passwords, login, PASSWORD, telegram)

    assert result.user.id == user_id and not result.registered
    found = await find_user_by_telegram(uow_factory, telegram.telegram_user_id)
    assert found is not None and found.id == user_id
    events = await events_of(uow_factory, user_id)
    assert events[-1].action is AuditAction.SIGNED_IN
    assert events[-1].details == {"method": "password"}


async def test_a_wrong_password_and_an_unknown_login_fail_alike(
    uow_factory: UnitOfWorkFactory,
    clock: FrozenClock,
    passwords: Passwords,
    user_id: int,
    telegram: TelegramLogin,
) -> None:
    with pytest.raises(WrongCredentials) as wrong_password:
        await sign_in_with_password(
            uow_factory, clock, passwords, "+79181234567", "not-it-42", telegram
        )
    with pytest.raises(WrongCredentials) as unknown_login:
        await sign_in_with_password(
            uow_factory, clock, passwords, "+79281234567", "not-it-42", telegram
        )

    assert wrong_password.value.code == unknown_login.value.code == "wrong_credentials"
    assert str(wrong_password.value) == str(unknown_login.value)
    assert wrong_password.value.params == unknown_login.value.params == {}
    assert await find_user_by_telegram(uow_factory, telegram.telegram_user_id) is None


async def test_a_user_without_a_password_cannot_sign_in_with_one(
    uow_factory: UnitOfWorkFactory,
    clock: FrozenClock,
    passwords: Passwords,
    telegram: TelegramLogin,
) -> None:
    await register_or_sign_in_by_phone(uow_factory, clock, 1, 1, "+79281234567")

    with pytest.raises(WrongCredentials):
        await sign_in_with_password(uow_factory, clock, passwords, "+79281234567", "", telegram)


async def test_five_wrong_passwords_lock_sign_in_for_15_minutes(
    uow_factory: UnitOfWorkFactory,
    clock: FrozenClock,
    passwords: Passwords,
    user_id: int,
    telegram: TelegramLogin,
) -> None:
    for _ in range(MAX_FAILED_SIGN_INS - 1):
        with pytest.raises(WrongCredentials):
            await sign_in_with_password(
                uow_factory, clock, passwords, "+79181234567", "guess-123", telegram
            )
    with pytest.raises(SignInLocked) as locked:
        await sign_in_with_password(
            uow_factory, clock, passwords, "+79181234567", "guess-123", telegram
        )
    until = clock.now() + LOCK_DURATION
    assert locked.value.until == until
    assert locked.value.params == {"until": until}

    clock.advance(LOCK_DURATION - timedelta(seconds=1))
    with pytest.raises(SignInLocked) as still_locked:
        await sign_in_with_password(
            uow_factory, clock, passwords, "+79181234567", PASSWORD, telegram
        )
    assert still_locked.value.until == until
    assert await find_user_by_telegram(uow_factory, telegram.telegram_user_id) is None

    clock.advance(timedelta(seconds=1))
    result = await sign_in_with_password(
        uow_factory, clock, passwords, "+79181234567", PASSWORD, telegram
    )
    assert result.user.id == user_id
    actions = await actions_of(uow_factory, user_id)
    assert actions.count(AuditAction.SIGN_IN_FAILED) == MAX_FAILED_SIGN_INS
    failures = [e for e in await events_of(uow_factory, user_id) if e.details.get("locked_until")]
    assert [e.details["locked_until"] for e in failures] == [until.isoformat()]


async def test_after_a_lock_ends_there_are_five_new_tries(
    uow_factory: UnitOfWorkFactory,
    clock: FrozenClock,
    passwords: Passwords,
    user_id: int,
    telegram: TelegramLogin,
) -> None:
    async def guess() -> None:
        await sign_in_with_password(
            uow_factory, clock, passwords, "+79181234567", "guess-123", telegram
        )

    for _ in range(MAX_FAILED_SIGN_INS - 1):
        with pytest.raises(WrongCredentials):
            await guess()
    with pytest.raises(SignInLocked):
        await guess()
    clock.advance(LOCK_DURATION)

    for _ in range(MAX_FAILED_SIGN_INS - 1):
        with pytest.raises(WrongCredentials):
            await guess()
    with pytest.raises(SignInLocked):
        await guess()


async def test_a_success_forgets_earlier_failures(
    uow_factory: UnitOfWorkFactory,
    clock: FrozenClock,
    passwords: Passwords,
    user_id: int,
    telegram: TelegramLogin,
) -> None:
    async def sign_in(password: str) -> None:
        await sign_in_with_password(
            uow_factory, clock, passwords, "+79181234567", password, telegram
        )

    for _ in range(MAX_FAILED_SIGN_INS - 1):
        with pytest.raises(WrongCredentials):
            await sign_in("guess-123")
    await sign_in(PASSWORD)

    for _ in range(MAX_FAILED_SIGN_INS - 1):
        with pytest.raises(WrongCredentials):
            await sign_in("guess-123")
    await sign_in(PASSWORD)


async def test_a_hash_made_with_old_parameters_is_renewed_at_sign_in(
    uow_factory: UnitOfWorkFactory,
    clock: FrozenClock,
    passwords: Passwords,
    user_id: int,
    telegram: TelegramLogin,
) -> None:
    stronger = Passwords(PasswordHasher(time_cost=2, memory_cost=2048, parallelism=1))

    await sign_in_with_password(uow_factory, clock, stronger, "+79181234567", PASSWORD, telegram)

    async with uow_factory() as uow:
        user = await uow.users.get(user_id)
        assert user is not None and user.password_hash is not None
        assert not stronger.needs_rehash(user.password_hash)
        assert "m=2048,t=2" in user.password_hash
    await sign_in_with_password(uow_factory, clock, stronger, "+79181234567", PASSWORD, WEB)


class CountingHasher(PasswordHasher):
    """argon2's own hasher, counting the checks it makes."""

    checks = 0

    def verify(self, hash: str | bytes, password: str | bytes) -> Literal[True]:
        self.checks += 1
        return super().verify(hash, password)


async def test_an_unknown_login_costs_a_password_check_like_a_known_one(
    uow_factory: UnitOfWorkFactory,
    clock: FrozenClock,
    user_id: int,
    telegram: TelegramLogin,
) -> None:
    hasher = CountingHasher(time_cost=1, memory_cost=1024, parallelism=1)
    passwords = Passwords(hasher)

    for login in ("+79181234567", "+79281234567", "nobody@example.ru"):
        checks_before = hasher.checks
        with pytest.raises(WrongCredentials):
            await sign_in_with_password(uow_factory, clock, passwords, login, "guess-1", telegram)
        assert hasher.checks == checks_before + 1


@pytest.mark.parametrize(("login", "error"), [("ivan@", InvalidEmail), ("ivan", InvalidPhone)])
async def test_a_login_that_is_neither_phone_nor_email_is_refused_as_such(
    uow_factory: UnitOfWorkFactory,
    clock: FrozenClock,
    passwords: Passwords,
    telegram: TelegramLogin,
    login: str,
    error: type[Exception],
) -> None:
    with pytest.raises(error):
        await sign_in_with_password(uow_factory, clock, passwords, login, PASSWORD, telegram)
