"""«Удалить мои данные»: nothing personal is left in any table; readings and payments stay."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import select

from core.clock import FrozenClock
from core.entities.accounts import Account, AccountLink, LinkAttempt
from core.entities.meters import Meter
from core.entities.notifications import NotificationPreference
from core.entities.outbox import OutboxMessage
from core.entities.payments import Payment
from core.entities.readings import Reading
from core.entities.service_requests import ServiceRequest
from core.entities.support import SupportAttachment, SupportMessage, SupportThread
from core.entities.users import User
from core.enums import (
    AuditAction,
    LinkMethod,
    LinkStatus,
    PaymentSource,
    PaymentStatus,
    ReadingSource,
    ReadingStatus,
)
from core.mail.smtp import SmtpMailer
from core.passwords import Passwords
from core.users.data_deletion import delete_my_data
from core.users.email_change import request_email_change
from core.users.errors import UserNotFound
from core.users.password_change import set_first_password
from core.users.phone_sign_in import register_or_sign_in_by_phone
from core.users.profile import get_profile, update_profile
from core.users.profile_fields import ProfileField as F
from core.users.telegram_accounts import find_user_by_telegram
from storage.models import audit_events_table, metadata
from storage.uow import UnitOfWorkFactory
from tests.core.users.conftest import START, Inbox
from tests.core.users.helpers import actions_of

TELEGRAM_ID = 987_654_321
PERSONAL_TEXTS = [
    "9181234567",
    "anna.ivanova@example.ru",
    "anna.home@example.ru",
    "anna.new@example.ru",
    "Иванова",
    "Анна",
    "Петровна",
    "Садовая",
    "45К1234",
    "anna_iv",
    "argon2",
    "Счётчик гудит",
    "meter-of-anna.jpg",
]


async def fill_a_customer(
    uow_factory: UnitOfWorkFactory, clock: FrozenClock, passwords: Passwords, mailer: SmtpMailer
) -> tuple[int, int]:
    """A customer with every kind of record the cabinet keeps about a person; (user, account)."""
    user = (
        await register_or_sign_in_by_phone(
            uow_factory, clock, TELEGRAM_ID, TELEGRAM_ID, "+79181234567", username="anna_iv"
        )
    ).user
    await set_first_password(uow_factory, clock, passwords, user.id, "Kw7-ledger")
    await update_profile(
        uow_factory,
        clock,
        user.id,
        {
            F.LAST_NAME: "Иванова",
            F.FIRST_NAME: "Анна",
            F.MIDDLE_NAME: "Петровна",
            F.BIRTH_DATE: "07.11.1985",
            F.GENDER: "ж",
            F.STREET: "ул. Садовая",
            F.INTERCOM: "45К1234",
            F.CONTACT_EMAIL: "anna.home@example.ru",
        },
    )
    async with uow_factory() as uow:
        stored = await uow.users.get(user.id)
        assert stored is not None
        stored.email = "anna.ivanova@example.ru"
        await uow.commit()
    await request_email_change(uow_factory, clock, mailer, user.id, "anna.new@example.ru")
    async with uow_factory() as uow:
        account_id = await add_account_records(uow.session, user.id)
        await uow.commit()
    return user.id, account_id


async def add_account_records(session: Any, user_id: int) -> int:
    account = Account(
        number="2601000123",
        branch="Ставропольский филиал",
        locality="г. Ставрополь",
        holder_name="Владелец по договору",
        tariff="Население",
    )
    session.add(account)
    await session.flush()
    meter = Meter(
        account_id=account.id, serial="0123456", model="Меркурий 201", digits=6, zones="T"
    )
    session.add(meter)
    await session.flush()
    thread = SupportThread(user_id=user_id, status="open", created_at=START)
    session.add(thread)
    await session.flush()
    message = SupportMessage(
        thread_id=thread.id, direction="from_customer", text="Счётчик гудит", created_at=START
    )
    session.add(message)
    await session.flush()
    session.add_all(
        [
            AccountLink(
                user_id=user_id,
                account_id=account.id,
                status=LinkStatus.ACTIVE.value,
                method=LinkMethod.PHOTO.value,
                photo_path="photos/meter-of-anna.jpg",
                created_at=START,
            ),
            LinkAttempt(user_id=user_id, account_id=account.id, succeeded=True, created_at=START),
            NotificationPreference(user_id=user_id, kind="bills", enabled=True),
            OutboxMessage(
                dedup_key="bill:1",
                user_id=user_id,
                chat_id=TELEGRAM_ID,
                kind="bill",
                payload={"text": "Анна, ваш счёт"},
                status="pending",
                next_attempt_at=START,
                created_at=START,
            ),
            ServiceRequest(
                user_id=user_id,
                account_id=account.id,
                service="verification",
                comment="Иванова, после 18:00",
                status="new",
                created_at=START,
                updated_at=START,
            ),
            SupportAttachment(
                message_id=message.id, kind="photo", file_path="support/meter-of-anna.jpg", size=1
            ),
            Reading(
                meter_id=meter.id,
                zone="T",
                value=Decimal("12345.6"),
                taken_at=START,
                period="2026-03",
                source=ReadingSource.BOT.value,
                status=ReadingStatus.ACCEPTED.value,
                user_id=user_id,
                created_at=START,
            ),
            Payment(
                account_id=account.id,
                user_id=user_id,
                amount_kopecks=135_348,
                purpose="Электроэнергия",
                source=PaymentSource.BOT.value,
                status=PaymentStatus.CONFIRMED.value,
                paid_at=START,
                receipt_email="anna.home@example.ru",
                created_at=START,
            ),
        ]
    )
    return account.id


async def all_cells(uow_factory: UnitOfWorkFactory) -> list[tuple[str, str, Any]]:
    """(table, column, value) of every cell of every table."""
    cells: list[tuple[str, str, Any]] = []
    async with uow_factory() as uow:
        for table in metadata.sorted_tables:
            for row in (await uow.session.execute(select(table))).mappings():
                cells.extend((table.name, column, value) for column, value in row.items())
    return cells


@pytest.fixture
async def deleted(
    uow_factory: UnitOfWorkFactory,
    clock: FrozenClock,
    passwords: Passwords,
    mailer: SmtpMailer,
    inbox: Inbox,
) -> tuple[int, int]:
    user_id, account_id = await fill_a_customer(uow_factory, clock, passwords, mailer)
    assert any(
        text in str(value)
        for _t, _c, value in await all_cells(uow_factory)
        for text in PERSONAL_TEXTS
    )
    clock.advance(timedelta(days=30))
    view = await delete_my_data(uow_factory, clock, user_id)
    assert (view.readings_kept, view.payments_kept) == (1, 1)
    assert view.deleted_at == clock.now()
    return user_id, account_id


async def test_no_personal_data_is_left_in_any_table(
    uow_factory: UnitOfWorkFactory, deleted: tuple[int, int]
) -> None:
    leaks = [
        (table, column, value)
        for table, column, value in await all_cells(uow_factory)
        if value == TELEGRAM_ID or any(text in str(value) for text in PERSONAL_TEXTS)
    ]
    assert leaks == []


async def test_rows_about_the_person_are_gone(
    uow_factory: UnitOfWorkFactory, deleted: tuple[int, int]
) -> None:
    user_id, _account_id = deleted
    tables_with_user = {
        table
        for table, column, value in await all_cells(uow_factory)
        if column == "user_id" and value == user_id
    }
    # Only the nameless user row's own history keeps its id: the record of the deletion.
    assert tables_with_user == {"audit_events"}
    async with uow_factory() as uow:
        user = await uow.session.get(User, user_id)
        assert user is not None and user.deleted_at is not None
        kept = (
            await uow.session.scalars(
                select(audit_events_table.c.action).where(audit_events_table.c.user_id == user_id)
            )
        ).all()
    assert kept == [AuditAction.DATA_DELETED.value]


async def test_readings_and_payments_stay_with_the_account(
    uow_factory: UnitOfWorkFactory, deleted: tuple[int, int]
) -> None:
    _user_id, account_id = deleted
    async with uow_factory() as uow:
        payments = (await uow.session.scalars(select(Payment))).all()
        readings = (await uow.session.scalars(select(Reading))).all()
        assert [(p.account_id, p.amount_kopecks, p.user_id) for p in payments] == [
            (account_id, 135_348, None)
        ]
        assert [(r.value, r.user_id) for r in readings] == [(Decimal("12345.600"), None)]


async def test_the_deleted_user_is_gone_and_the_phone_can_register_anew(
    uow_factory: UnitOfWorkFactory, clock: FrozenClock, deleted: tuple[int, int]
) -> None:
    user_id, _account_id = deleted

    assert await find_user_by_telegram(uow_factory, TELEGRAM_ID) is None
    with pytest.raises(UserNotFound):
        await get_profile(uow_factory, user_id)
    with pytest.raises(UserNotFound):
        await delete_my_data(uow_factory, clock, user_id)

    again = await register_or_sign_in_by_phone(
        uow_factory, clock, TELEGRAM_ID, TELEGRAM_ID, "+79181234567"
    )
    assert again.registered and again.user.id != user_id
    assert await actions_of(uow_factory, again.user.id) == [
        AuditAction.REGISTERED,
        AuditAction.SIGNED_IN,
    ]
