"""The inbox worker: chats side by side, each chat's updates one at a time in order; a handler's
error counts as handled; an update that keeps bringing its worker down is set aside; the
recovery loop outlives its errors; a stopping worker gives back what it could not finish."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any, cast

from aiogram.methods import SendChatAction, SendMessage
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from bot.inbox.answered import ShownToCustomer
from bot.inbox.store import Claim, InboxStore
from bot.inbox.worker import InboxConfig, InboxWorker
from core.clock import FrozenClock, SystemClock
from storage.deferred_writes import DeferredWrites
from storage.models import update_inbox_table
from storage.uow import UnitOfWorkFactory
from tests.bot.test_inbox_store import ANNA, BORIS, LEASE, message

NOW = datetime(2026, 11, 18, 9, 30, tzinfo=UTC)
FAST = InboxConfig(lease=LEASE, recovery_seconds=0.01, max_backoff_seconds=0.05)


class Recorder:
    """A feed that notes each update's (chat, text) and runs what a test gives for a text."""

    def __init__(self) -> None:
        self.fed: list[tuple[int, str]] = []
        self.on: dict[str, Any] = {}

    async def __call__(self, claim: Claim) -> None:
        payload = claim.payload
        text = payload["message"]["text"]
        self.fed.append((payload["message"]["chat"]["id"], text))
        action = self.on.get(text)
        if action is not None:
            await action()


async def rows(uow_factory: UnitOfWorkFactory) -> dict[int, dict[str, Any]]:
    table = update_inbox_table
    async with uow_factory() as uow:
        found = await uow.session.execute(select(table))
        return {row["update_id"]: dict(row) for row in found.mappings()}


def worker_on(
    uow_factory: UnitOfWorkFactory, feed: Recorder, config: InboxConfig = FAST
) -> tuple[InboxStore, InboxWorker]:
    store = InboxStore(uow_factory, FrozenClock(NOW), config.lease)
    return store, InboxWorker(store, feed, config)


async def test_chats_go_side_by_side_and_each_chat_in_order(uow_factory: UnitOfWorkFactory) -> None:
    feed = Recorder()
    store, worker = worker_on(uow_factory, feed)
    boris_seen = asyncio.Event()

    async def anna_waits_for_boris() -> None:
        await asyncio.wait_for(boris_seen.wait(), 5)

    async def boris_arrives() -> None:
        boris_seen.set()

    feed.on = {"a1": anna_waits_for_boris, "b1": boris_arrives}
    kept = await store.keep(
        [message(1, ANNA, "a1"), message(2, ANNA, "a2"), message(3, BORIS, "b1")]
    )
    worker.take(kept)
    await asyncio.wait_for(worker.idle(), 5)

    assert feed.fed == [(ANNA, "a1"), (BORIS, "b1"), (ANNA, "a2")]
    assert all(row["handled_at"] is not None for row in (await rows(uow_factory)).values())


async def test_a_handler_that_raises_counts_as_handled(uow_factory: UnitOfWorkFactory) -> None:
    feed = Recorder()
    store, worker = worker_on(uow_factory, feed)

    async def fails() -> None:
        raise ValueError("a bug")

    feed.on = {"boom": fails}
    worker.take(await store.keep([message(1, ANNA, "boom"), message(2, ANNA, "next")]))
    await asyncio.wait_for(worker.idle(), 5)

    assert feed.fed == [(ANNA, "boom"), (ANNA, "next")]
    kept = await rows(uow_factory)
    assert kept[1]["handled_at"] is not None and kept[1]["error"] == "ValueError"
    assert kept[2]["error"] is None


async def test_an_update_that_keeps_bringing_its_worker_down_is_set_aside(
    uow_factory: UnitOfWorkFactory,
) -> None:
    feed = Recorder()
    config = InboxConfig(lease=LEASE, max_attempts=2)
    store, worker = worker_on(uow_factory, feed, config)
    await store.keep([message(1, ANNA, "poison"), message(2, ANNA, "next")])
    for _ in range(2):  # two workers died handling it
        assert await store.release(await _claimed(store))

    worker.take(await store.keep([message(3, ANNA, "later")]))
    await asyncio.wait_for(worker.idle(), 5)

    assert feed.fed == [(ANNA, "next"), (ANNA, "later")]
    assert (await rows(uow_factory))[1]["error"] == "abandoned after 2 attempts"


async def _claimed(store: InboxStore) -> Any:
    claim = await store.claim_next(ANNA)
    assert claim is not None
    return claim


async def test_the_recovery_loop_outlives_its_errors_and_takes_over_stranded_updates(
    uow_factory: UnitOfWorkFactory,
) -> None:
    feed = Recorder()
    clock = FrozenClock(NOW)
    store = InboxStore(uow_factory, clock, LEASE)
    failures = 0
    real_stranded = store.stranded_chats

    async def flaky_stranded(limit: int = 1000) -> list[int | None]:
        nonlocal failures
        if failures < 3:
            failures += 1
            raise ConnectionError("the database went away")
        return await real_stranded(limit)

    store.stranded_chats = flaky_stranded  # type: ignore[method-assign]
    worker = InboxWorker(store, feed, FAST)
    await store.keep([message(1, ANNA, "left by a dead worker")])
    await _claimed(store)  # ... which died holding it
    clock.advance(LEASE + timedelta(seconds=1))

    async with worker.running():
        for _ in range(500):
            if feed.fed:
                break
            await asyncio.sleep(0.01)

    assert failures == 3
    assert feed.fed == [(ANNA, "left by a dead worker")]
    assert (await rows(uow_factory))[1]["attempts"] == 2


async def test_the_webhook_waits_for_a_quick_handler_and_not_for_a_slow_one(
    uow_factory: UnitOfWorkFactory,
) -> None:
    feed = Recorder()
    store, worker = worker_on(uow_factory, feed)
    release = asyncio.Event()

    async def slow() -> None:
        await release.wait()

    feed.on = {"slow": slow}
    [quick] = await store.keep([message(1, ANNA, "quick")])
    assert await worker.handled_within(quick, 5)

    [slow_one] = await store.keep([message(2, BORIS, "slow")])
    assert not await worker.handled_within(slow_one, 0.05)
    release.set()
    await asyncio.wait_for(worker.idle(), 5)
    assert (await rows(uow_factory))[2]["handled_at"] is not None


async def test_a_stopping_worker_gives_back_what_it_cannot_finish(
    uow_factory: UnitOfWorkFactory,
) -> None:
    feed = Recorder()
    config = InboxConfig(lease=LEASE, stop_grace_seconds=0.05)
    store, worker = worker_on(uow_factory, feed, config)
    started = asyncio.Event()

    async def hangs() -> None:
        started.set()
        await asyncio.sleep(60)

    feed.on = {"hangs": hangs}
    worker.take(await store.keep([message(1, ANNA, "hangs"), message(2, ANNA, "after")]))
    await asyncio.wait_for(started.wait(), 5)

    await worker.stop()

    kept = await rows(uow_factory)
    assert kept[1]["claimed_until"] is None and kept[1]["handled_at"] is None
    assert kept[2]["attempts"] == 0
    again = await store.claim_next(ANNA)  # the next worker takes it at once
    assert again is not None and again.update_id == 1


async def test_a_long_handler_keeps_its_update_by_renewing_the_lease(
    uow_factory: UnitOfWorkFactory,
) -> None:
    lease = timedelta(seconds=0.3)
    feed = Recorder()
    store = InboxStore(uow_factory, SystemClock(), lease)
    worker = InboxWorker(store, feed, InboxConfig(lease=lease))
    other_worker = InboxStore(uow_factory, SystemClock(), lease)
    taken_over: list[object] = []

    async def slow() -> None:  # more than three leases long
        for _ in range(4):
            await asyncio.sleep(0.25)
            taken_over.append(await other_worker.claim_next(ANNA))

    feed.on = {"slow": slow}
    worker.take(await store.keep_claiming([message(1, ANNA, "slow")]))
    await asyncio.wait_for(worker.idle(), 5)

    assert taken_over == [None] * 4  # held all along: never handled twice
    [kept] = (await rows(uow_factory)).values()
    assert kept["handled_at"] is not None and kept["attempts"] == 1


async def test_an_outage_after_the_customer_was_answered_does_not_answer_again(
    uow_factory: UnitOfWorkFactory,
) -> None:
    feed = Recorder()
    store, worker = worker_on(uow_factory, feed)
    shown = ShownToCustomer()

    async def sent(_bot: Any, _method: Any) -> Any:
        return True

    async def answers_then_the_database_goes() -> None:
        await shown(cast(Any, sent), cast(Any, None), SendMessage(chat_id=ANNA, text="the answer"))
        raise OperationalError("UPDATE fsm", {}, ConnectionRefusedError())

    async def the_database_goes_first() -> None:
        await shown(cast(Any, sent), cast(Any, None), SendChatAction(chat_id=ANNA, action="typing"))
        raise OperationalError("SELECT users", {}, ConnectionRefusedError())

    feed.on = {"answered": answers_then_the_database_goes}
    worker.take(await store.keep([message(1, ANNA, "answered")]))
    await asyncio.wait_for(worker.idle(), 5)
    assert feed.fed == [(ANNA, "answered")]  # handled once: not put back for another try
    assert (await rows(uow_factory))[1]["error"] == "OperationalError"

    feed.on = {"silent": the_database_goes_first}
    worker.take(await store.keep([message(2, BORIS, "silent")]))
    await asyncio.wait_for(worker.idle(), 5)
    kept = (await rows(uow_factory))[2]
    assert kept["handled_at"] is None  # nothing shown yet: put back for when it is back


class MarkMeetsAnOutage(InboxStore):
    """The database goes away between the handler's answer and the update's mark, for more
    tries than an error of ours would get."""

    def __init__(self, uow_factory: UnitOfWorkFactory, failures: int) -> None:
        super().__init__(uow_factory, SystemClock(), LEASE)
        self.failures = failures

    async def handled_then_next(
        self, claim: Claim, error: str | None = None, writes: DeferredWrites | None = None
    ) -> tuple[bool, Claim | None]:
        if self.failures:
            self.failures -= 1
            raise OperationalError("UPDATE update_inbox", {}, ConnectionRefusedError())
        return await super().handled_then_next(claim, error, writes)


async def test_an_answered_update_waits_out_an_outage_to_be_marked_not_to_be_handled_again(
    uow_factory: UnitOfWorkFactory,
) -> None:
    feed = Recorder()
    store = MarkMeetsAnOutage(uow_factory, failures=6)  # about four seconds of outage
    worker = InboxWorker(store, feed, FAST)
    async with worker.running():
        worker.take(await store.keep([message(1, ANNA, "answered before the outage")]))
        await asyncio.wait_for(worker.idle(), 15)
    assert store.failures == 0
    assert feed.fed == [(ANNA, "answered before the outage")]  # once: not left to recovery
    kept = (await rows(uow_factory))[1]
    assert kept["handled_at"] is not None and kept["error"] is None
