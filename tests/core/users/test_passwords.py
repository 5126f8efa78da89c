"""Passwords: at least 6 characters and not obviously weak; set, changed, reset by mailed code."""

from __future__ import annotations

from datetime import timedelta

import pytest

from core.clock import FrozenClock
from core.enums import AuditAction, CodePurpose
from core.mail.smtp import SmtpMailer
from core.passwords import Passwords
from core.users.email_sign_in import confirm_email_code, request_email_code
from core.users.errors import (
    CodeNotRequested,
    CodeWrong,
    PasswordAlreadySet,
    WeakPassword,
    WrongCredentials,
    WrongPassword,
)
from core.users.password_change import change_password, set_first_password
from core.users.password_policy import check_password_strength
from core.users.password_reset import reset_password
from core.users.password_sign_in import sign_in_with_password
from core.users.phone_sign_in import register_or_sign_in_by_phone
from core.users.telegram_login import TelegramLogin
from storage.uow import UnitOfWorkFactory
from tests.core.users.conftest import Inbox
from tests.core.users.helpers import actions_of, events_of, wrong

EMAIL = "olga@example.ru"
PHONE = "+79181234567"


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("", "too_short"),
        ("a1b2c", "too_short"),
        ("x" * 129, "too_long"),
        ("aaaaaaa", "one_character"),
        ("1111111", "one_character"),
        ("123456", "common"),
        ("QWERTY", "common"),
        ("пароль", "common"),
        ("345678", "common"),
        ("9876543", "common"),
        ("+79181234567", "equals_login"),
        ("89181234567", "equals_login"),
        ("9181234567", "equals_login"),
        ("Olga@Example.ru", "equals_login"),
        ("olga", "too_short"),
    ],
)
def test_weak_passwords_are_refused_with_the_reason(password: str, reason: str) -> None:
    with pytest.raises(WeakPassword) as caught:
        check_password_strength(password, phone=PHONE, email=EMAIL)
    assert caught.value.params == {"reason": reason, "min_length": 6}


@pytest.mark.parametrize("password", ["Kw7-ledger", "olga-1987", "135790", "ёжик в тумане"])
def test_reasonable_passwords_pass(password: str) -> None:
    check_password_strength(password, phone=PHONE, email=EMAIL)


async def test_a_first_password_is_set_once_and_audited_without_its_value(
    uow_factory: UnitOfWorkFactory,
    clock: FrozenClock,
    passwords: Passwords,
    telegram: TelegramLogin,
) -> None:
    user = (await register_or_sign_in_by_phone(uow_factory, clock, 1, 1, PHONE)).user

    with pytest.raises(WeakPassword):
        await set_first_password(uow_factory, clock, passwords, user.id, "123456")
    await set_first_password(uow_factory, clock, passwords, user.id, "Kw7-ledger")
    with pytest.raises(PasswordAlreadySet):
        await set_first_password(uow_factory, clock, passwords, user.id, "other-pass-1")

    await sign_in_with_password(uow_factory, clock, passwords, PHONE, "Kw7-ledger", telegram)
    events = await events_of(uow_factory, user.id)
    changed = [e for e in events if e.action is AuditAction.PASSWORD_CHANGED]
    assert [e.details for e in changed] == [{"first": True}]
    assert "Kw7-ledger" not in repr(events)


async def test_changing_the_password_needs_the_old_one(
    uow_factory: UnitOfWorkFactory,
    clock: FrozenClock,
    passwords: Passwords,
    telegram: TelegramLogin,
) -> None:
    user = (await register_or_sign_in_by_phone(uow_factory, clock, 1, 1, PHONE)).user
    await set_first_password(uow_factory, clock, passwords, user.id, "Kw7-ledger")

    with pytest.raises(WrongPassword):
        await change_password(uow_factory, clock, passwords, user.id, "guess-123", "Mq4-harbor")
    with pytest.raises(WeakPassword):
        await change_password(uow_factory, clock, passwords, user.id, "Kw7-ledger", "1234567")
    await change_password(uow_factory, clock, passwords, user.id, "Kw7-ledger", "Mq4-harbor")

    with pytest.raises(WrongCredentials):
        await sign_in_with_password(uow_factory, clock, passwords, PHONE, "Kw7-ledger", telegram)
    await sign_in_with_password(uow_factory, clock, passwords, PHONE, "Mq4-harbor", telegram)
    assert (await actions_of(uow_factory, user.id)).count(AuditAction.PASSWORD_CHANGED) == 2


async def email_user(
    uow_factory: UnitOfWorkFactory,
    clock: FrozenClock,
    passwords: Passwords,
    mailer: SmtpMailer,
    inbox: Inbox,
) -> int:
    """A customer registered by e-mail code who set a password, an hour ago."""
    await request_email_code(uow_factory, clock, mailer, EMAIL, CodePurpose.EMAIL_SIGN_IN)
    signed_in = await confirm_email_code(
        uow_factory, clock, EMAIL, inbox.last_to(EMAIL).code, TelegramLogin(1, 1)
    )
    await set_first_password(uow_factory, clock, passwords, signed_in.user.id, "Kw7-ledger")
    clock.advance(timedelta(hours=1))
    return signed_in.user.id


async def test_a_forgotten_password_is_reset_by_a_mailed_code(
    uow_factory: UnitOfWorkFactory,
    clock: FrozenClock,
    passwords: Passwords,
    mailer: SmtpMailer,
    inbox: Inbox,
    telegram: TelegramLogin,
) -> None:
    user_id = await email_user(uow_factory, clock, passwords, mailer, inbox)

    await request_email_code(uow_factory, clock, mailer, EMAIL, CodePurpose.PASSWORD_RESET)
    mail = inbox.last_to(EMAIL)
    assert mail.subject == "Код для восстановления пароля"
    with pytest.raises(WeakPassword):
        await reset_password(uow_factory, clock, passwords, EMAIL, mail.code, "olga", telegram)
    result = await reset_password(
        uow_factory, clock, passwords, EMAIL, mail.code, "Mq4-harbor", telegram
    )

    assert result.user.id == user_id
    await sign_in_with_password(uow_factory, clock, passwords, EMAIL, "Mq4-harbor", telegram)
    with pytest.raises(WrongCredentials):
        await sign_in_with_password(uow_factory, clock, passwords, EMAIL, "Kw7-ledger", telegram)
    assert AuditAction.PASSWORD_RESET in await actions_of(uow_factory, user_id)


async def test_a_reset_needs_the_right_code_and_uses_it_once(
    uow_factory: UnitOfWorkFactory,
    clock: FrozenClock,
    passwords: Passwords,
    mailer: SmtpMailer,
    inbox: Inbox,
    telegram: TelegramLogin,
) -> None:
    await email_user(uow_factory, clock, passwords, mailer, inbox)
    await request_email_code(uow_factory, clock, mailer, EMAIL, CodePurpose.PASSWORD_RESET)
    code = inbox.last_to(EMAIL).code

    with pytest.raises(CodeWrong):
        await reset_password(
            uow_factory, clock, passwords, EMAIL, wrong(code), "Mq4-harbor", telegram
        )
    await reset_password(uow_factory, clock, passwords, EMAIL, code, "Mq4-harbor", telegram)
    with pytest.raises(CodeNotRequested):
        await reset_password(uow_factory, clock, passwords, EMAIL, code, "Zt9-anchor", telegram)


async def test_a_sign_in_code_cannot_reset_a_password(
    uow_factory: UnitOfWorkFactory,
    clock: FrozenClock,
    passwords: Passwords,
    mailer: SmtpMailer,
    inbox: Inbox,
    telegram: TelegramLogin,
) -> None:
    await email_user(uow_factory, clock, passwords, mailer, inbox)
    await request_email_code(uow_factory, clock, mailer, EMAIL, CodePurpose.EMAIL_SIGN_IN)

    with pytest.raises(CodeNotRequested):
        await reset_password(
            uow_factory, clock, passwords, EMAIL, inbox.last_to(EMAIL).code, "Mq4-harbor", telegram
        )


async def test_a_reset_for_an_unknown_address_looks_the_same_and_mails_nothing(
    uow_factory: UnitOfWorkFactory,
    clock: FrozenClock,
    passwords: Passwords,
    mailer: SmtpMailer,
    inbox: Inbox,
    telegram: TelegramLogin,
) -> None:
    await email_user(uow_factory, clock, passwords, mailer, inbox)
    inbox.mails.clear()

    known = await request_email_code(uow_factory, clock, mailer, EMAIL, CodePurpose.PASSWORD_RESET)
    unknown = await request_email_code(
        uow_factory, clock, mailer, "nobody@example.ru", CodePurpose.PASSWORD_RESET
    )

    assert (unknown.expires_at, unknown.resend_after) == (known.expires_at, known.resend_after)
    assert [mail.to for mail in inbox.mails] == [(EMAIL,)]
    with pytest.raises(CodeNotRequested):
        await reset_password(
            uow_factory, clock, passwords, "nobody@example.ru", "000000", "Mq4-harbor", telegram
        )
