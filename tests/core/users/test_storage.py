"""The users' queries and their races, on SQLite and on PostgreSQL."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from core import audit
from core.clock import FrozenClock
from core.codes import MAX_CODE_ATTEMPTS, issue_code
from core.entities.support import SupportMessage, SupportThread
from core.entities.users import User
from core.enums import AuditAction, CodePurpose
from core.errors import AlreadyStored
from core.users.email_sign_in import confirm_email_code
from core.users.errors import CodeAttemptsExhausted, CodeWrong
from core.users.phone_sign_in import register_or_sign_in_by_phone
from core.users.telegram_accounts import find_user_by_telegram
from core.users.telegram_login import TelegramLogin
from storage.database import create_session_factory
from storage.uow import UnitOfWorkFactory, unit_of_work_factory
from tests.core.users.conftest import START
from tests.core.users.helpers import wrong

EMAIL = "ivan@example.ru"


@pytest.fixture
def uows(any_engine: AsyncEngine) -> UnitOfWorkFactory:
    return unit_of_work_factory(create_session_factory(any_engine))


async def add_user(uows: UnitOfWorkFactory, phone: str | None = None) -> int:
    async with uows() as uow:
        user = User(phone=phone, failed_sign_ins=0, language="ru", created_at=START)
        uow.users.add(user)
        await uow.commit()
        return user.id


async def test_a_phone_belongs_to_one_user(uows: UnitOfWorkFactory) -> None:
    await add_user(uows, "+79181234567")

    with pytest.raises(AlreadyStored):
        await add_user(uows, "+79181234567")


async def test_failures_are_counted_in_the_database_and_a_lock_spends_them(
    uows: UnitOfWorkFactory,
) -> None:
    user_id = await add_user(uows)
    async with uows() as uow:
        counts = [await uow.users.count_failed_sign_in(user_id) for _ in range(3)]
        await uow.users.lock(user_id, START + timedelta(minutes=15))
        await uow.commit()

    async with uows() as uow:
        user = await uow.users.get(user_id)
        assert user is not None
        assert (user.failed_sign_ins, user.locked_until) == (0, START + timedelta(minutes=15))
    assert counts == [1, 2, 3]


async def test_a_code_is_consumed_once(uows: UnitOfWorkFactory) -> None:
    async with uows() as uow:
        issued = await issue_code(uow, CodePurpose.EMAIL_SIGN_IN, EMAIL, None, START)
        first = await uow.codes.consume(issued.id, START)
        second = await uow.codes.consume(issued.id, START)
        await uow.commit()

    assert (first, second) == (True, False)


async def test_a_code_gives_a_limited_number_of_tries(uows: UnitOfWorkFactory) -> None:
    async with uows() as uow:
        issued = await issue_code(uow, CodePurpose.EMAIL_SIGN_IN, EMAIL, None, START)
        tries = [await uow.codes.take_try(issued.id, 3) for _ in range(4)]
        await uow.commit()

    assert tries == [1, 2, 3, None]


async def test_history_pages_on_both_databases(uows: UnitOfWorkFactory) -> None:
    user_id = await add_user(uows)
    async with uows() as uow:
        for minute in range(12):
            at = START + timedelta(minutes=minute)
            await audit.record(uow, user_id, AuditAction.SIGNED_IN, details={"n": minute}, at=at)
        await uow.commit()

    second = await audit.list_events(uows, user_id, page=2)

    assert (second.total, second.pages) == (12, 2)
    assert [e.details["n"] for e in second.items] == [1, 0]
    assert second.items[0].created_at == START + timedelta(minutes=1)


async def test_erasing_a_person_takes_their_support_messages_along(
    uows: UnitOfWorkFactory,
) -> None:
    user_id = await add_user(uows)
    async with uows() as uow:
        thread = SupportThread(user_id=user_id, status="open", created_at=START)
        uow.session.add(thread)
        await uow.session.flush()
        message = SupportMessage(
            thread_id=thread.id, direction="from_customer", text="Здравствуйте", created_at=START
        )
        uow.session.add(message)
        await uow.commit()
        message_id = message.id

    async with uows() as uow:
        await uow.users.erase_personal_rows(user_id)
        await uow.commit()

    async with uows() as uow:
        assert await uow.session.get(SupportMessage, message_id) is None


async def test_parallel_wrong_codes_all_count(uows: UnitOfWorkFactory) -> None:
    clock = FrozenClock(START)
    async with uows() as uow:
        issued = await issue_code(uow, CodePurpose.EMAIL_SIGN_IN, EMAIL, None, START)
        await uow.commit()
    wrong_code = wrong(issued.code)

    async def guess(n: int) -> None:
        await confirm_email_code(uows, clock, EMAIL, wrong_code, TelegramLogin(n, n))

    results = await asyncio.gather(
        *(guess(n) for n in range(2 * MAX_CODE_ATTEMPTS)), return_exceptions=True
    )

    wrongs = [r for r in results if isinstance(r, CodeWrong)]
    exhausted = [r for r in results if isinstance(r, CodeAttemptsExhausted)]
    assert len(wrongs) == MAX_CODE_ATTEMPTS - 1
    assert len(exhausted) == MAX_CODE_ATTEMPTS + 1
    with pytest.raises(CodeAttemptsExhausted):
        await confirm_email_code(uows, clock, EMAIL, issued.code, TelegramLogin(1, 1))


async def test_parallel_first_sign_ins_with_one_phone_make_one_user(
    uows: UnitOfWorkFactory,
) -> None:
    clock = FrozenClock(START)

    results = await asyncio.gather(
        *(register_or_sign_in_by_phone(uows, clock, n, n, "+79181234567") for n in (1, 2, 3))
    )

    assert len({result.user.id for result in results}) == 1
    assert sum(result.registered for result in results) == 1
    for telegram_id in (1, 2, 3):
        found = await find_user_by_telegram(uows, telegram_id)
        assert found is not None and found.id == results[0].user.id
