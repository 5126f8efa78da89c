"""Short leases renewed together while a sender holds its rows, on SQLite and PostgreSQL: a live
sender keeps every row it holds, with one UPDATE however many claims they came from."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from core.clock import FrozenClock
from core.enums import NotificationKind, OutboxStatus
from core.notifications.delivery import OutboxStore
from core.notifications.outbox import notify_user
from storage.database import create_session_factory
from storage.uow import UnitOfWorkFactory, unit_of_work_factory
from tests.core.notifications.conftest import WINDOW_OPENS_AT, People
from tests.sql import statement_words

LEASE = timedelta(seconds=30)


@pytest.fixture
def engine_uow(any_engine: AsyncEngine) -> UnitOfWorkFactory:
    return unit_of_work_factory(create_session_factory(any_engine))


async def enqueue(uow_factory: UnitOfWorkFactory, user_id: int, count: int) -> None:
    async with uow_factory() as uow:
        for n in range(count):
            await notify_user(
                uow,
                user_id=user_id,
                kind=NotificationKind.BROADCAST,
                payload={"text": f"t{n}"},
                dedup_key=f"t{n}",
                now=WINDOW_OPENS_AT,
            )
        await uow.commit()


async def test_held_rows_are_renewed_in_one_update_and_never_taken_over(
    any_engine: AsyncEngine, engine_uow: UnitOfWorkFactory
) -> None:
    who = await People(engine_uow).customer()
    await enqueue(engine_uow, who.user_id, 5)
    clock = FrozenClock(WINDOW_OPENS_AT)
    store, other = OutboxStore(engine_uow, clock, LEASE), OutboxStore(engine_uow, clock, LEASE)
    first = await store.claim(2)
    clock.advance(timedelta(seconds=4))
    later = await store.claim(10)  # a second claim: another lease
    assert len(first) == 2 and len(later) == 3

    for _ in range(12):  # four minutes, 20 s at a time
        clock.advance(timedelta(seconds=20))
        with statement_words(any_engine) as words:
            await store.renew_held()
        assert words.count("UPDATE") == 1
        assert await other.claim(10) == []

    for due in first + later:  # the outcomes are written under the renewed leases
        assert await store.sent(due, 1, 1)
    async with engine_uow() as uow:
        assert await uow.outbox.count_by_status() == {OutboxStatus.SENT.value: 5}


async def test_nothing_is_renewed_before_a_third_of_the_lease_has_gone(
    any_engine: AsyncEngine, engine_uow: UnitOfWorkFactory
) -> None:
    who = await People(engine_uow).customer()
    await enqueue(engine_uow, who.user_id, 2)
    clock = FrozenClock(WINDOW_OPENS_AT)
    store = OutboxStore(engine_uow, clock, LEASE)
    await store.claim(10)
    clock.advance(timedelta(seconds=9))

    with statement_words(any_engine) as words:
        await store.renew_held()

    assert words == []


async def test_a_row_taken_over_while_renewals_failed_is_let_go(
    engine_uow: UnitOfWorkFactory,
) -> None:
    who = await People(engine_uow).customer()
    await enqueue(engine_uow, who.user_id, 3)
    clock = FrozenClock(WINDOW_OPENS_AT)
    late = OutboxStore(engine_uow, clock, LEASE)
    mine = await late.claim(10)
    clock.advance(LEASE + timedelta(seconds=2))  # no renewal for longer than the lease
    [taken] = await OutboxStore(engine_uow, clock, LEASE).claim(1)

    await late.renew_held()

    kept = [due for due in mine if due.id != taken.id]
    assert late.held_for(taken) == 0
    assert not await late.sent(taken, 1, 1)
    assert all(late.held_for(due) > 25 for due in kept)
    assert all([await late.sent(due, 1, 1) for due in kept])
