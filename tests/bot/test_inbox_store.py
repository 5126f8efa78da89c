"""The update inbox's store on SQLite and PostgreSQL: an update is kept once, a chat's updates
are claimed one at a time in order, a lease that runs out is taken over (and its late holder
writes nothing), handled updates are purged after the retention."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from aiogram.types import Update
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.inbox.received import Received, received_from_json, received_from_update
from bot.inbox.store import InboxStore
from core.clock import FrozenClock
from core.users.phone_sign_in import register_or_sign_in_by_phone
from core.users.telegram_accounts import sign_out, user_signed_in
from core.users.views import UserView
from storage.database import create_session_factory
from storage.models import update_inbox_table
from storage.records import InboxUpdate
from storage.uow import UnitOfWorkFactory, unit_of_work_factory

NOW = datetime(2026, 11, 18, 9, 30, tzinfo=UTC)
LEASE = timedelta(seconds=30)
ANNA, BORIS = 7001, 7002


def message(update_id: int, chat_id: int, text: str = "привет") -> Received:
    return received_from_json(
        {
            "update_id": update_id,
            "message": {
                "message_id": update_id,
                "date": 1_795_000_000,
                "chat": {"id": chat_id, "type": "private", "first_name": "Анна"},
                "from": {"id": chat_id, "is_bot": False, "first_name": "Анна"},
                "text": text,
            },
        }
    )


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(NOW)


@pytest.fixture
def uow_factory(any_engine: AsyncEngine) -> UnitOfWorkFactory:
    return unit_of_work_factory(create_session_factory(any_engine))


@pytest.fixture
def store(uow_factory: UnitOfWorkFactory, clock: FrozenClock) -> InboxStore:
    return InboxStore(uow_factory, clock, LEASE)


async def row(uow_factory: UnitOfWorkFactory, update_id: int) -> dict[str, Any]:
    table = update_inbox_table
    async with uow_factory() as uow:
        found = await uow.session.execute(select(table).where(table.c.update_id == update_id))
        return dict(found.mappings().one())


async def count(uow_factory: UnitOfWorkFactory) -> int:
    async with uow_factory() as uow:
        return int(await uow.session.scalar(select(func.count()).select_from(InboxUpdate)) or 0)


async def test_an_update_is_kept_once(store: InboxStore, uow_factory: UnitOfWorkFactory) -> None:
    first, second, third = message(1, ANNA), message(2, ANNA), message(3, BORIS)

    assert await store.keep([first, second, second]) == [first, second]
    assert await store.keep([second, third]) == [third]  # a redelivery is not kept again
    assert await store.keep([first]) == []

    assert await count(uow_factory) == 3
    kept = await row(uow_factory, 3)
    assert kept["payload"] == third.payload and kept["chat_id"] == BORIS
    assert (kept["received_at"], kept["claimed_until"], kept["handled_at"]) == (NOW, None, None)


async def test_the_same_update_kept_at_once_by_two_workers_is_kept_by_one(
    store: InboxStore, uow_factory: UnitOfWorkFactory, clock: FrozenClock
) -> None:
    other_worker = InboxStore(uow_factory, clock, LEASE)
    update = message(10, ANNA)

    kept = await asyncio.gather(*(s.keep([update]) for s in (store, other_worker) * 3))

    assert sum(len(batch) for batch in kept) == 1
    assert await count(uow_factory) == 1


def test_a_polled_update_is_kept_as_telegram_sent_it() -> None:
    sent = message(5, ANNA)
    again = received_from_update(Update.model_validate(sent.payload))
    assert again == sent


def test_the_chat_of_an_update_without_a_chat_is_its_user() -> None:
    query: dict[str, Any] = {
        "update_id": 6,
        "pre_checkout_query": {
            "id": "q1",
            "from": {"id": ANNA, "is_bot": False, "first_name": "Анна"},
            "currency": "RUB",
            "total_amount": 10000,
            "invoice_payload": "p",
        },
    }
    assert received_from_json(query).chat_id == ANNA


async def test_a_chat_is_claimed_one_update_at_a_time_in_order(
    store: InboxStore, uow_factory: UnitOfWorkFactory
) -> None:
    await store.keep([message(1, ANNA), message(2, ANNA), message(3, BORIS)])

    first = await store.claim_next(ANNA)
    assert first is not None and first.update_id == 1 and first.attempts == 1
    assert await store.claim_next(ANNA) is None  # held: the chat's next one waits for it
    boris = await store.claim_next(BORIS)  # other chats go on meanwhile
    assert boris is not None and boris.update_id == 3

    assert await store.handled(first)
    second = await store.claim_next(ANNA)
    assert second is not None and second.update_id == 2
    handled = await row(uow_factory, 1)
    assert handled["handled_at"] == NOW and handled["claimed_until"] is None


async def test_updates_are_taken_in_update_id_order_whatever_order_they_came_in(
    store: InboxStore,
) -> None:
    await store.keep([message(2, ANNA)])
    await store.keep([message(1, ANNA)])  # another worker's, kept a moment later

    first = await store.claim_next(ANNA)

    assert first is not None and first.update_id == 1


async def test_workers_claiming_at_once_get_an_update_once(
    store: InboxStore, uow_factory: UnitOfWorkFactory, clock: FrozenClock
) -> None:
    await store.keep([message(1, ANNA)])
    workers = [InboxStore(uow_factory, clock, LEASE) for _ in range(5)]

    claims = await asyncio.gather(*(worker.claim_next(ANNA) for worker in workers))

    assert len([claim for claim in claims if claim is not None]) == 1


async def test_a_lease_that_runs_out_is_taken_over_and_the_late_holder_writes_nothing(
    store: InboxStore, uow_factory: UnitOfWorkFactory, clock: FrozenClock
) -> None:
    await store.keep([message(1, ANNA)])
    dead = await store.claim_next(ANNA)
    assert dead is not None

    clock.advance(LEASE / 2)
    assert await store.claim_next(ANNA) is None
    clock.advance(LEASE)
    taken_over = await store.claim_next(ANNA)

    assert taken_over is not None and taken_over.attempts == 2
    assert not await store.handled(dead)
    assert await store.renewed(dead) is None
    assert await store.handled(taken_over)
    assert (await row(uow_factory, 1))["attempts"] == 2


async def test_a_renewed_lease_keeps_the_update(store: InboxStore, clock: FrozenClock) -> None:
    await store.keep([message(1, ANNA)])
    claim = await store.claim_next(ANNA)
    assert claim is not None

    for _ in range(3):
        clock.advance(LEASE * 0.9)
        renewed = await store.renewed(claim)
        assert renewed is not None and renewed.until > claim.until
        claim = renewed
        assert await store.claim_next(ANNA) is None

    assert await store.handled(claim, "ValueError")


async def test_a_released_update_is_free_at_once(
    store: InboxStore, uow_factory: UnitOfWorkFactory
) -> None:
    await store.keep([message(1, ANNA)])
    claim = await store.claim_next(ANNA)
    assert claim is not None

    assert await store.release(claim)

    again = await store.claim_next(ANNA)
    assert again is not None and again.attempts == 2


async def test_stranded_chats_are_those_whose_first_update_nobody_holds(
    store: InboxStore, clock: FrozenClock
) -> None:
    await store.keep([message(1, ANNA), message(2, ANNA), message(3, BORIS)])
    assert await store.stranded_chats() == []  # just kept: its receiver is about to claim it

    held = await store.claim_next(ANNA)
    assert held is not None
    clock.advance(LEASE + timedelta(seconds=1))
    # Anna's holder died (the lease ran out); Boris's update was kept and never claimed.
    assert await store.stranded_chats() == [ANNA, BORIS]

    renewed = await store.claim_next(ANNA)
    assert renewed is not None
    assert await store.stranded_chats() == [BORIS]


async def test_handled_updates_are_purged_after_the_retention(
    store: InboxStore, uow_factory: UnitOfWorkFactory, clock: FrozenClock
) -> None:
    retention = timedelta(hours=48)
    await store.keep([message(1, ANNA), message(2, BORIS), message(3, 7003)])
    old = await store.claim_next(ANNA)
    assert old is not None and await store.handled(old)
    clock.advance(timedelta(hours=1))
    recent = await store.claim_next(BORIS)
    assert recent is not None and await store.handled(recent)

    clock.advance(retention - timedelta(minutes=30))
    assert await store.purge(retention) == 1

    async with uow_factory() as uow:
        left = set(await uow.session.scalars(select(update_inbox_table.c.update_id)))
    assert left == {2, 3}  # an unhandled update is never purged, however old


async def test_an_update_alone_in_its_chat_is_claimed_as_it_is_kept(
    store: InboxStore, uow_factory: UnitOfWorkFactory
) -> None:
    await store.keep([message(1, ANNA)])  # Anna's earlier update, still unhandled

    kept = await store.keep_claiming([message(2, ANNA), message(3, BORIS), message(4, BORIS)])

    claimed = {one.update.update_id: one.claim for one in kept}
    assert claimed[2] is None  # Anna's turn is update 1's first
    assert claimed[3] is not None and claimed[3].attempts == 1
    assert claimed[4] is None  # Boris's second waits for his first
    assert (await row(uow_factory, 3))["claimed_until"] == claimed[3].until
    assert await store.claim_next(BORIS) is None  # it is held


async def test_marking_handled_claims_the_chat_s_next_update_in_the_same_step(
    store: InboxStore, uow_factory: UnitOfWorkFactory
) -> None:
    [first, _second] = await store.keep_claiming([message(1, ANNA), message(2, ANNA)])
    assert first.claim is not None

    marked, following = await store.handled_then_next(first.claim)

    assert marked and following is not None and following.update_id == 2
    assert (await row(uow_factory, 1))["handled_at"] is not None
    marked, following = await store.handled_then_next(following)
    assert marked and following is None


async def test_a_claim_reads_who_the_sender_is_in_its_own_transaction(
    uow_factory: UnitOfWorkFactory, clock: FrozenClock
) -> None:
    """With `identify`, the claim carries the sender's cabinet user as the database had it
    when the update was claimed: a sign-out committed before the next claim is seen by it."""
    store = InboxStore(uow_factory, clock, LEASE, user_signed_in)
    signed_in = await register_or_sign_in_by_phone(uow_factory, clock, ANNA, ANNA, "+79181234567")
    (first,) = await store.keep_claiming([message(1, ANNA, "📟 Передать показания")])
    assert first.claim is not None and first.claim.identified is not None
    assert first.claim.identified.telegram_user_id == ANNA
    assert isinstance(first.claim.identified.user, UserView)
    assert first.claim.identified.user.id == signed_in.user.id

    (second,) = await store.keep_claiming([message(2, ANNA, "/logout")])
    assert second.claim is None  # the first is still being handled
    await sign_out(uow_factory, clock, ANNA)
    marked, following = await store.handled_then_next(first.claim)
    assert marked and following is not None and following.update_id == 2
    assert following.identified is not None and following.identified.user is None

    (boris,) = await store.keep_claiming([message(3, BORIS)])
    assert boris.claim is not None and boris.claim.identified is not None
    assert boris.claim.identified.user is None  # never signed in


async def test_without_identify_a_claim_names_no_sender(store: InboxStore) -> None:
    (kept,) = await store.keep_claiming([message(1, ANNA)])
    assert kept.claim is not None and kept.claim.identified is None
