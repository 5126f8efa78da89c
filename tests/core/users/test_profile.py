"""The profile: read, updated with validation, every change audited by field name only."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from core.clock import FrozenClock
from core.enums import AuditAction, CodePurpose
from core.mail.smtp import SmtpMailer
from core.users.email_change import confirm_email_change, request_email_change
from core.users.email_sign_in import confirm_email_code, request_email_code
from core.users.errors import (
    CodeNotRequested,
    EmailTaken,
    EmailUnchanged,
    PhoneTaken,
    UserNotFound,
)
from core.users.phone_change import change_phone
from core.users.phone_sign_in import register_or_sign_in_by_phone
from core.users.profile import get_profile, update_profile
from core.users.profile_fields import ProfileField
from core.users.telegram_login import TelegramLogin
from core.validation.errors import (
    InvalidBirthDate,
    InvalidChoice,
    InvalidEmail,
    InvalidName,
    InvalidPhone,
    InvalidPostalCode,
    TextTooLong,
    ValidationError,
)
from storage.uow import UnitOfWorkFactory
from tests.core.users.conftest import Inbox
from tests.core.users.helpers import events_of

F = ProfileField


@pytest.fixture
async def user_id(uow_factory: UnitOfWorkFactory, clock: FrozenClock) -> int:
    result = await register_or_sign_in_by_phone(uow_factory, clock, 1, 1, "+79181234567")
    return result.user.id


async def test_a_filled_profile_reads_back_normalised(
    uow_factory: UnitOfWorkFactory, clock: FrozenClock, user_id: int
) -> None:
    await update_profile(
        uow_factory,
        clock,
        user_id,
        {
            F.LAST_NAME: " Иванова ",
            F.FIRST_NAME: "Анна  Мария",
            F.MIDDLE_NAME: "Петровна",
            F.GENDER: "Ж",
            F.BIRTH_DATE: "07.11.1985",
            F.CITIZENSHIP: "Российская Федерация",
            F.REGION: "Ставропольский край",
            F.POSTAL_CODE: "355 000",
            F.LOCALITY: "г. Ставрополь",
            F.STREET: "ул.  Ленина",
            F.HOUSE: "12",
            F.LETTER: "А",
            F.BUILDING: "2",
            F.APARTMENT: "45",
            F.INTERCOM: "45К1234",
            F.CONTACT_EMAIL: "Anna@Example.RU",
            F.CONTACT_PHONE: "8 (865) 222-33-44",
        },
    )

    profile = await get_profile(uow_factory, user_id)

    assert (profile.last_name, profile.first_name, profile.middle_name) == (
        "Иванова",
        "Анна Мария",
        "Петровна",
    )
    assert profile.gender == "female"
    assert profile.birth_date == date(1985, 11, 7)
    assert profile.postal_code == "355000"
    assert profile.street == "ул. Ленина"
    assert profile.contact_email == "anna@example.ru"
    assert profile.contact_phone == "+78652223344"
    assert profile.phone == "+79181234567"


async def test_each_change_is_audited_with_the_fields_that_changed(
    uow_factory: UnitOfWorkFactory, clock: FrozenClock, user_id: int
) -> None:
    await update_profile(uow_factory, clock, user_id, {F.LAST_NAME: "Иванова", F.HOUSE: "12"})
    await update_profile(uow_factory, clock, user_id, {F.LAST_NAME: "Иванова", F.HOUSE: "14"})
    await update_profile(uow_factory, clock, user_id, {F.LAST_NAME: "Иванова"})

    changes = [
        e.details
        for e in await events_of(uow_factory, user_id)
        if e.action is AuditAction.PROFILE_CHANGED
    ]
    assert changes == [{"fields": ["house", "last_name"]}, {"fields": ["house"]}]
    assert "Иванова" not in repr(changes)


async def test_an_empty_value_clears_a_field(
    uow_factory: UnitOfWorkFactory, clock: FrozenClock, user_id: int
) -> None:
    await update_profile(uow_factory, clock, user_id, {F.APARTMENT: "45", F.LETTER: "А"})

    profile = await update_profile(uow_factory, clock, user_id, {F.APARTMENT: "  ", F.LETTER: None})

    assert (profile.apartment, profile.letter) == (None, None)


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        (F.LAST_NAME, "Иванов2", InvalidName),
        (F.GENDER, "другое", InvalidChoice),
        (F.BIRTH_DATE, "16.03.2013", InvalidBirthDate),  # 13 years old
        (F.BIRTH_DATE, "01.01.1900", InvalidBirthDate),
        (F.BIRTH_DATE, date(2030, 1, 1), InvalidBirthDate),
        (F.POSTAL_CODE, "35500", InvalidPostalCode),
        (F.HOUSE, "1" * 21, TextTooLong),
        (F.CONTACT_EMAIL, "anna@", InvalidEmail),
        (F.CONTACT_PHONE, "12345", InvalidPhone),
        (F.LANGUAGE, "de", InvalidChoice),
        (F.LANGUAGE, "", InvalidChoice),
    ],
)
async def test_a_bad_value_saves_nothing_and_names_its_field(
    uow_factory: UnitOfWorkFactory,
    clock: FrozenClock,
    user_id: int,
    field: ProfileField,
    value: str | date,
    error: type[ValidationError],
) -> None:
    with pytest.raises(error) as caught:
        await update_profile(uow_factory, clock, user_id, {F.FIRST_NAME: "Анна", field: value})

    assert caught.value.field == field.value
    profile = await get_profile(uow_factory, user_id)
    assert profile.first_name is None
    assert [e.action for e in await events_of(uow_factory, user_id)].count(
        AuditAction.PROFILE_CHANGED
    ) == 0


async def test_the_age_is_counted_on_the_companys_date(
    uow_factory: UnitOfWorkFactory, clock: FrozenClock, user_id: int
) -> None:
    # 22:30 UTC on 15 March is already 16 March in Moscow: a 14th birthday that day counts.
    clock.set(datetime(2026, 3, 15, 22, 30, tzinfo=UTC))

    profile = await update_profile(uow_factory, clock, user_id, {F.BIRTH_DATE: "16.03.2012"})

    assert profile.birth_date == date(2012, 3, 16)


async def test_the_language_can_be_switched(
    uow_factory: UnitOfWorkFactory, clock: FrozenClock, user_id: int
) -> None:
    profile = await update_profile(uow_factory, clock, user_id, {F.LANGUAGE: "EN"})
    assert profile.language == "en"


async def test_a_profile_of_nobody_is_not_found(uow_factory: UnitOfWorkFactory) -> None:
    with pytest.raises(UserNotFound):
        await get_profile(uow_factory, 404)


async def test_a_new_email_is_confirmed_by_a_code_sent_to_it(
    uow_factory: UnitOfWorkFactory,
    clock: FrozenClock,
    mailer: SmtpMailer,
    inbox: Inbox,
    user_id: int,
) -> None:
    sent = await request_email_change(uow_factory, clock, mailer, user_id, "Anna@Example.ru")
    mail = inbox.last_to("anna@example.ru")
    assert sent.email == "anna@example.ru"
    assert mail.subject == "Код для подтверждения адреса электронной почты"

    user = await confirm_email_change(uow_factory, clock, user_id, "anna@example.ru", mail.code)

    assert user.email == "anna@example.ru" and user.email_verified
    events = await events_of(uow_factory, user_id)
    assert events[-1].action is AuditAction.EMAIL_CHANGED
    assert events[-1].details == {"added": True}
    with pytest.raises(EmailUnchanged):
        await request_email_change(uow_factory, clock, mailer, user_id, "anna@example.ru")


async def test_an_email_of_another_user_cannot_be_taken(
    uow_factory: UnitOfWorkFactory,
    clock: FrozenClock,
    mailer: SmtpMailer,
    inbox: Inbox,
    user_id: int,
) -> None:
    await request_email_code(
        uow_factory, clock, mailer, "taken@example.ru", CodePurpose.EMAIL_SIGN_IN
    )
    code = inbox.last_to("taken@example.ru").code
    await confirm_email_code(uow_factory, clock, "taken@example.ru", code, TelegramLogin(99, 99))

    with pytest.raises(EmailTaken):
        await request_email_change(uow_factory, clock, mailer, user_id, "taken@example.ru")


async def test_an_email_change_code_is_only_for_the_user_who_asked(
    uow_factory: UnitOfWorkFactory,
    clock: FrozenClock,
    mailer: SmtpMailer,
    inbox: Inbox,
    user_id: int,
) -> None:
    other = await register_or_sign_in_by_phone(uow_factory, clock, 2, 2, "+79281234567")
    await request_email_change(uow_factory, clock, mailer, user_id, "anna@example.ru")
    code = inbox.last_to("anna@example.ru").code

    with pytest.raises(CodeNotRequested):
        await confirm_email_change(uow_factory, clock, other.user.id, "anna@example.ru", code)


async def test_a_verified_phone_replaces_the_old_one_unless_taken(
    uow_factory: UnitOfWorkFactory, clock: FrozenClock, user_id: int
) -> None:
    await register_or_sign_in_by_phone(uow_factory, clock, 2, 2, "+79281234567")

    with pytest.raises(PhoneTaken):
        await change_phone(uow_factory, clock, user_id, "8 928 123-45-67")
    user = await change_phone(uow_factory, clock, user_id, "8 938 123-45-67")

    assert user.phone == "+79381234567"
    events = await events_of(uow_factory, user_id)
    assert events[-1].action is AuditAction.PHONE_CHANGED
