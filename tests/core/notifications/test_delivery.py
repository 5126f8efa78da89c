"""The outbox's claim, lease and outcomes, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from core.clock import FrozenClock
from core.enums import NotificationKind, OutboxStatus
from core.notifications.broadcast import MAX_BROADCAST_LENGTH, Broadcasts
from core.notifications.delivery import OutboxStore, Progress, progress_of
from core.notifications.errors import BroadcastTooLong
from core.notifications.outbox import notify_user
from core.notifications.preferences import NotificationPreferences
from storage.database import create_session_factory
from storage.uow import UnitOfWorkFactory, unit_of_work_factory
from tests.core.notifications.conftest import WINDOW_OPENS_AT, People

LEASE = timedelta(minutes=5)


@pytest.fixture
def engine_uow(any_engine: AsyncEngine) -> UnitOfWorkFactory:
    return unit_of_work_factory(create_session_factory(any_engine))


async def enqueue(uow_factory: UnitOfWorkFactory, user_id: int, key: str) -> int:
    async with uow_factory() as uow:
        added = await notify_user(
            uow,
            user_id=user_id,
            kind=NotificationKind.BROADCAST,
            payload={"text": key},
            dedup_key=key,
            now=WINDOW_OPENS_AT,
        )
        await uow.commit()
    return added


async def test_two_senders_never_hold_the_same_row(engine_uow: UnitOfWorkFactory) -> None:
    people = People(engine_uow)
    who = await people.customer()
    for n in range(5):
        assert await enqueue(engine_uow, who.user_id, f"b{n}") == 1
    assert await enqueue(engine_uow, who.user_id, "b0") == 0  # the same event is kept once
    clock = FrozenClock(WINDOW_OPENS_AT)
    first, second = OutboxStore(engine_uow, clock, LEASE), OutboxStore(engine_uow, clock, LEASE)

    mine = await first.claim(3)
    theirs = await second.claim(10)

    assert len(mine) == 3 and len(theirs) == 2
    assert not {d.id for d in mine} & {d.id for d in theirs}
    assert await second.claim(10) == []
    assert await first.sent(mine[0], 77, 1)


async def test_a_dead_sender_s_rows_come_back_after_the_lease(
    engine_uow: UnitOfWorkFactory,
) -> None:
    people = People(engine_uow)
    who = await people.customer()
    await enqueue(engine_uow, who.user_id, "only")
    clock = FrozenClock(WINDOW_OPENS_AT)
    dead, alive = OutboxStore(engine_uow, clock, LEASE), OutboxStore(engine_uow, clock, LEASE)
    [held] = await dead.claim(10)
    assert await alive.claim(10) == []

    clock.advance(LEASE + timedelta(seconds=1))
    [taken] = await alive.claim(10)

    assert taken.id == held.id
    assert not await dead.sent(held, 1, 1)  # too late: the row is someone else's now
    assert await alive.sent(taken, 2, 1)
    async with engine_uow() as uow:
        assert await uow.outbox.count_by_status() == {OutboxStatus.SENT.value: 1}


async def test_released_rows_are_claimable_at_once(engine_uow: UnitOfWorkFactory) -> None:
    people = People(engine_uow)
    who = await people.customer()
    await enqueue(engine_uow, who.user_id, "x")
    store = OutboxStore(engine_uow, FrozenClock(WINDOW_OPENS_AT), LEASE)
    claimed = await store.claim(10)
    await store.release(claimed)
    assert [d.id for d in await store.claim(10)] == [claimed[0].id]


async def test_a_blocked_chat_skips_its_pending_rows_and_gets_no_more(
    engine_uow: UnitOfWorkFactory,
) -> None:
    people = People(engine_uow)
    who = await people.customer()
    for n in range(3):
        await enqueue(engine_uow, who.user_id, f"k{n}")
    store = OutboxStore(engine_uow, FrozenClock(WINDOW_OPENS_AT), LEASE)
    [first] = await store.claim(1)

    assert await store.blocked(first, "Forbidden: bot was blocked by the user") == 3

    assert await enqueue(engine_uow, who.user_id, "later") == 0
    async with engine_uow() as uow:
        assert await uow.outbox.count_by_status() == {OutboxStatus.SKIPPED.value: 3}


async def test_switching_a_kind_off_skips_what_waits_and_stops_new_ones(
    people: People, uow_factory: UnitOfWorkFactory
) -> None:
    who = await people.customer()
    bill = {"account_id": who.account_id, "account_number": "1", "period": "2026-11"}

    async def new_bill(key: str) -> int:
        async with uow_factory() as uow:
            added = await notify_user(
                uow,
                user_id=who.user_id,
                kind=NotificationKind.NEW_BILL,
                payload={**bill, "total_kopecks": 100},
                dedup_key=key,
                now=WINDOW_OPENS_AT,
            )
            await uow.commit()
        return added

    assert await new_bill("bill:1") == 1
    await NotificationPreferences(uow_factory).set_enabled(
        who.user_id, NotificationKind.NEW_BILL, False
    )
    assert await new_bill("bill:2") == 0
    assert [row.status for row in await people.outbox()] == [OutboxStatus.SKIPPED.value]
    with pytest.raises(ValueError, match="cannot be switched off"):
        await NotificationPreferences(uow_factory).set_enabled(
            who.user_id, NotificationKind.LINK_DECIDED, False
        )


async def test_a_broadcast_reaches_a_branch_once(
    people: People, uow_factory: UnitOfWorkFactory, clock: FrozenClock
) -> None:
    north = [await people.customer(branch="Северный") for _ in range(3)]
    await people.customer(branch="Южный")
    await people.customer(linked=False, branch="Северный")
    broadcasts = Broadcasts(uow_factory, clock, chunk=2)

    assert await broadcasts.count_recipients("Северный") == 3
    assert await broadcasts.count_recipients(None) == 4
    assert await broadcasts.enqueue(7, "Плановое отключение", "Северный") == 3
    assert await broadcasts.enqueue(7, "Плановое отключение", "Северный") == 0
    rows = await people.outbox()
    assert sorted(r.user_id or 0 for r in rows) == sorted(c.user_id for c in north)
    assert await broadcasts.branches() == ["Северный", "Южный"]


async def test_a_broadcast_over_the_limit_is_refused_by_core(
    people: People, uow_factory: UnitOfWorkFactory, clock: FrozenClock
) -> None:
    await people.customer()
    broadcasts = Broadcasts(uow_factory, clock)
    longest, too_long = "я" * MAX_BROADCAST_LENGTH, "я" * (MAX_BROADCAST_LENGTH + 1)

    broadcasts.check_text(longest)
    with pytest.raises(BroadcastTooLong) as refused:
        broadcasts.check_text(too_long)
    assert refused.value.params == {"limit": MAX_BROADCAST_LENGTH}
    with pytest.raises(BroadcastTooLong):
        await broadcasts.enqueue(8, too_long, None)
    assert await people.outbox() == []  # nothing enqueued
    assert await broadcasts.enqueue(9, longest, None) == 1


async def test_a_long_wait_renews_the_lease_unless_it_was_lost(
    engine_uow: UnitOfWorkFactory,
) -> None:
    people = People(engine_uow)
    who = await people.customer()
    await enqueue(engine_uow, who.user_id, "a")
    await enqueue(engine_uow, who.user_id, "b")
    clock = FrozenClock(WINDOW_OPENS_AT)
    store, other = OutboxStore(engine_uow, clock, LEASE), OutboxStore(engine_uow, clock, LEASE)
    first, second = await store.claim(2)
    assert await store.renewed(first) is first  # most of the lease left: nothing to do

    clock.advance(timedelta(minutes=3))
    renewed = await store.renewed(first)
    clock.advance(timedelta(minutes=3))  # the second row's lease is gone now
    assert [d.id for d in await other.claim(10)] == [second.id]

    assert renewed is not None and renewed.lease_until > first.lease_until
    assert await store.renewed(second) is None
    assert await store.sent(renewed, 1, 1)


async def test_progress_through_parts_is_kept_for_whoever_takes_the_row_over(
    engine_uow: UnitOfWorkFactory,
) -> None:
    people = People(engine_uow)
    who = await people.customer()
    await enqueue(engine_uow, who.user_id, "parts")
    clock = FrozenClock(WINDOW_OPENS_AT)
    dead = OutboxStore(engine_uow, clock, LEASE)
    (due,) = await dead.claim(5)
    assert progress_of(due) == Progress()

    step = await dead.progressed(due, Progress(parts_sent=1, first_message_id=41, language="en"))
    assert step is not None and progress_of(step).parts_sent == 1
    clock.advance(LEASE + timedelta(seconds=1))  # the sender died; another takes the row over
    (taken,) = await OutboxStore(engine_uow, clock, LEASE).claim(5)

    assert progress_of(taken) == Progress(parts_sent=1, first_message_id=41, language="en")
    assert taken.payload["text"] == "parts"  # the producer's payload is kept beside it
    assert await dead.progressed(step, Progress(parts_sent=2)) is None  # the lease is gone
