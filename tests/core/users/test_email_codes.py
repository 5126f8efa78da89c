"""Registration and sign-in by a 6-digit code mailed over SMTP: 15 minutes, 5 tries."""

from __future__ import annotations

from datetime import timedelta

import pytest

from core.clock import FrozenClock
from core.codes import CODE_TTL, MAX_CODE_ATTEMPTS, MAX_CODES_PER_DAY, purge_old_codes
from core.enums import AuditAction, CodePurpose
from core.mail.errors import MailNotSent
from core.mail.smtp import SmtpMailer
from core.users.email_sign_in import confirm_email_code, request_email_code
from core.users.errors import (
    CodeAttemptsExhausted,
    CodeExpired,
    CodeNotRequested,
    CodeResendTooSoon,
    CodeWrong,
)
from core.users.telegram_accounts import find_user_by_telegram
from core.users.telegram_login import TelegramLogin
from core.validation.errors import InvalidEmail
from emulator.kit.ports import free_port
from storage.uow import UnitOfWorkFactory
from tests.core.users.conftest import SENDER, START, Inbox
from tests.core.users.helpers import actions_of, wrong

EMAIL = "ivan.petrov@example.ru"


async def test_a_new_address_gets_a_code_and_registers_with_it(
    uow_factory: UnitOfWorkFactory,
    clock: FrozenClock,
    mailer: SmtpMailer,
    inbox: Inbox,
    telegram: TelegramLogin,
) -> None:
    sent = await request_email_code(
        uow_factory, clock, mailer, " Ivan.Petrov@Example.RU ", CodePurpose.EMAIL_SIGN_IN
    )

    assert sent.email == EMAIL
    assert sent.expires_at == START + timedelta(minutes=15)
    mail = inbox.last_to(EMAIL)
    assert mail.subject == "Код для входа в личный кабинет"
    assert len(mail.code) == 6

    result = await confirm_email_code(uow_factory, clock, EMAIL, mail.code, telegram)

    assert result.registered
    assert result.user.email == EMAIL and result.user.email_verified
    assert await find_user_by_telegram(uow_factory, telegram.telegram_user_id) == result.user
    assert await actions_of(uow_factory, result.user.id) == [
        AuditAction.REGISTERED,
        AuditAction.SIGNED_IN,
    ]


async def test_a_known_address_signs_in_and_gets_the_letter_in_the_users_language(
    uow_factory: UnitOfWorkFactory,
    clock: FrozenClock,
    mailer: SmtpMailer,
    inbox: Inbox,
) -> None:
    english = TelegramLogin(700, 700, language_code="en-GB")
    await request_email_code(uow_factory, clock, mailer, EMAIL, CodePurpose.EMAIL_SIGN_IN)
    first = await confirm_email_code(uow_factory, clock, EMAIL, inbox.last_to(EMAIL).code, english)
    clock.advance(timedelta(hours=1))

    await request_email_code(uow_factory, clock, mailer, EMAIL, CodePurpose.EMAIL_SIGN_IN)
    mail = inbox.last_to(EMAIL)
    again = await confirm_email_code(uow_factory, clock, EMAIL, mail.code, TelegramLogin(800, 800))

    assert mail.subject == "Your customer cabinet sign-in code"
    assert not again.registered and again.user.id == first.user.id


async def test_a_code_expires_after_15_minutes(
    uow_factory: UnitOfWorkFactory,
    clock: FrozenClock,
    mailer: SmtpMailer,
    inbox: Inbox,
    telegram: TelegramLogin,
) -> None:
    await request_email_code(uow_factory, clock, mailer, EMAIL, CodePurpose.EMAIL_SIGN_IN)
    code = inbox.last_to(EMAIL).code

    clock.advance(CODE_TTL)

    with pytest.raises(CodeExpired):
        await confirm_email_code(uow_factory, clock, EMAIL, code, telegram)
    assert await find_user_by_telegram(uow_factory, telegram.telegram_user_id) is None


async def test_a_code_still_works_a_second_before_it_expires(
    uow_factory: UnitOfWorkFactory,
    clock: FrozenClock,
    mailer: SmtpMailer,
    inbox: Inbox,
    telegram: TelegramLogin,
) -> None:
    await request_email_code(uow_factory, clock, mailer, EMAIL, CodePurpose.EMAIL_SIGN_IN)

    clock.advance(CODE_TTL - timedelta(seconds=1))

    result = await confirm_email_code(
        uow_factory, clock, EMAIL, inbox.last_to(EMAIL).code, telegram
    )
    assert result.registered


async def test_five_wrong_tries_kill_the_code(
    uow_factory: UnitOfWorkFactory,
    clock: FrozenClock,
    mailer: SmtpMailer,
    inbox: Inbox,
    telegram: TelegramLogin,
) -> None:
    await request_email_code(uow_factory, clock, mailer, EMAIL, CodePurpose.EMAIL_SIGN_IN)
    code = inbox.last_to(EMAIL).code

    attempts_left = []
    for _ in range(MAX_CODE_ATTEMPTS - 1):
        with pytest.raises(CodeWrong) as caught:
            await confirm_email_code(uow_factory, clock, EMAIL, wrong(code), telegram)
        attempts_left.append(caught.value.attempts_left)
    with pytest.raises(CodeAttemptsExhausted):
        await confirm_email_code(uow_factory, clock, EMAIL, wrong(code), telegram)

    assert attempts_left == [4, 3, 2, 1]
    with pytest.raises(CodeAttemptsExhausted):
        await confirm_email_code(uow_factory, clock, EMAIL, code, telegram)
    assert await find_user_by_telegram(uow_factory, telegram.telegram_user_id) is None


async def test_a_right_code_after_some_wrong_ones_still_works(
    uow_factory: UnitOfWorkFactory,
    clock: FrozenClock,
    mailer: SmtpMailer,
    inbox: Inbox,
    telegram: TelegramLogin,
) -> None:
    await request_email_code(uow_factory, clock, mailer, EMAIL, CodePurpose.EMAIL_SIGN_IN)
    code = inbox.last_to(EMAIL).code
    for _ in range(MAX_CODE_ATTEMPTS - 1):
        with pytest.raises(CodeWrong):
            await confirm_email_code(uow_factory, clock, EMAIL, wrong(code), telegram)

    result = await confirm_email_code(uow_factory, clock, EMAIL, f" {code} ", telegram)

    assert result.registered


async def test_a_code_works_once(
    uow_factory: UnitOfWorkFactory,
    clock: FrozenClock,
    mailer: SmtpMailer,
    inbox: Inbox,
    telegram: TelegramLogin,
) -> None:
    await request_email_code(uow_factory, clock, mailer, EMAIL, CodePurpose.EMAIL_SIGN_IN)
    code = inbox.last_to(EMAIL).code
    await confirm_email_code(uow_factory, clock, EMAIL, code, telegram)

    with pytest.raises(CodeNotRequested):
        await confirm_email_code(uow_factory, clock, EMAIL, code, TelegramLogin(900, 900))


async def test_a_resend_waits_a_minute_and_the_new_code_supersedes_the_old(
    uow_factory: UnitOfWorkFactory,
    clock: FrozenClock,
    mailer: SmtpMailer,
    inbox: Inbox,
    telegram: TelegramLogin,
) -> None:
    await request_email_code(uow_factory, clock, mailer, EMAIL, CodePurpose.EMAIL_SIGN_IN)
    old_code = inbox.last_to(EMAIL).code
    clock.advance(timedelta(seconds=45))

    with pytest.raises(CodeResendTooSoon) as caught:
        await request_email_code(uow_factory, clock, mailer, EMAIL, CodePurpose.EMAIL_SIGN_IN)
    assert caught.value.retry_after_seconds == 15
    assert len(inbox.mails) == 1

    clock.advance(timedelta(seconds=15))
    await request_email_code(uow_factory, clock, mailer, EMAIL, CodePurpose.EMAIL_SIGN_IN)
    new_code = inbox.last_to(EMAIL).code

    if new_code != old_code:  # one chance in a million that the new code repeats the old one
        with pytest.raises(CodeWrong):
            await confirm_email_code(uow_factory, clock, EMAIL, old_code, telegram)
    result = await confirm_email_code(uow_factory, clock, EMAIL, new_code, telegram)
    assert result.registered


async def test_a_code_for_one_address_does_not_open_another(
    uow_factory: UnitOfWorkFactory,
    clock: FrozenClock,
    mailer: SmtpMailer,
    inbox: Inbox,
    telegram: TelegramLogin,
) -> None:
    await request_email_code(uow_factory, clock, mailer, EMAIL, CodePurpose.EMAIL_SIGN_IN)

    with pytest.raises(CodeNotRequested):
        await confirm_email_code(
            uow_factory, clock, "other@example.ru", inbox.last_to(EMAIL).code, telegram
        )


async def test_a_code_is_stored_only_as_a_hash(
    uow_factory: UnitOfWorkFactory, clock: FrozenClock, mailer: SmtpMailer, inbox: Inbox
) -> None:
    await request_email_code(uow_factory, clock, mailer, EMAIL, CodePurpose.EMAIL_SIGN_IN)
    code = inbox.last_to(EMAIL).code

    async with uow_factory() as uow:
        stored = await uow.codes.latest(CodePurpose.EMAIL_SIGN_IN.value, EMAIL)
        assert stored is not None
        assert code not in stored.code_hash


async def test_when_mail_fails_no_code_is_left_to_block_a_retry(
    uow_factory: UnitOfWorkFactory, clock: FrozenClock, mailer: SmtpMailer, inbox: Inbox
) -> None:
    down = SmtpMailer("127.0.0.1", free_port(), SENDER, timeout=2)
    with pytest.raises(MailNotSent):
        await request_email_code(uow_factory, clock, down, EMAIL, CodePurpose.EMAIL_SIGN_IN)

    await request_email_code(uow_factory, clock, mailer, EMAIL, CodePurpose.EMAIL_SIGN_IN)

    assert len(inbox.mails) == 1


async def test_a_malformed_address_is_refused_before_any_mail(
    uow_factory: UnitOfWorkFactory, clock: FrozenClock, mailer: SmtpMailer, inbox: Inbox
) -> None:
    with pytest.raises(InvalidEmail):
        await request_email_code(uow_factory, clock, mailer, "ivan@", CodePurpose.EMAIL_SIGN_IN)
    assert inbox.mails == []


async def test_an_address_gets_at_most_ten_codes_a_day(
    uow_factory: UnitOfWorkFactory, clock: FrozenClock, mailer: SmtpMailer, inbox: Inbox
) -> None:
    first_sent_at = clock.now()
    for _ in range(MAX_CODES_PER_DAY):
        await request_email_code(uow_factory, clock, mailer, EMAIL, CodePurpose.EMAIL_SIGN_IN)
        clock.advance(timedelta(minutes=10))

    with pytest.raises(CodeResendTooSoon) as caught:
        await request_email_code(uow_factory, clock, mailer, EMAIL, CodePurpose.EMAIL_SIGN_IN)
    assert clock.now() + timedelta(seconds=caught.value.retry_after_seconds) == (
        first_sent_at + timedelta(days=1)
    )
    await request_email_code(
        uow_factory, clock, mailer, "other@example.ru", CodePurpose.EMAIL_SIGN_IN
    )

    clock.set(first_sent_at + timedelta(days=1))
    await request_email_code(uow_factory, clock, mailer, EMAIL, CodePurpose.EMAIL_SIGN_IN)
    assert len(inbox.mails) == MAX_CODES_PER_DAY + 2


async def test_codes_older_than_a_day_are_purged(
    uow_factory: UnitOfWorkFactory,
    clock: FrozenClock,
    mailer: SmtpMailer,
    inbox: Inbox,
    telegram: TelegramLogin,
) -> None:
    await request_email_code(uow_factory, clock, mailer, EMAIL, CodePurpose.EMAIL_SIGN_IN)
    clock.advance(timedelta(days=1, seconds=1))
    await request_email_code(
        uow_factory, clock, mailer, "other@example.ru", CodePurpose.EMAIL_SIGN_IN
    )

    assert await purge_old_codes(uow_factory, clock) == 1

    async with uow_factory() as uow:
        assert await uow.codes.latest(CodePurpose.EMAIL_SIGN_IN.value, EMAIL) is None
    result = await confirm_email_code(
        uow_factory, clock, "other@example.ru", inbox.last_to("other@example.ru").code, telegram
    )
    assert result.registered
