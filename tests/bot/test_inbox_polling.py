"""Long polling through the inbox: Telegram (the emulator) forgets an update only after it is
kept; while the database cannot keep it, getUpdates is asked again without moving the offset."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Sequence

from aiogram.utils.backoff import BackoffConfig

from bot.i18n import build_i18n
from bot.inbox.outage import OutageApology
from bot.inbox.polling import POLLING_LOOP, POLLING_STUCK_AFTER, poll
from bot.inbox.received import Received
from bot.inbox.store import InboxStore, Kept
from bot.inbox.worker import InboxWorker
from core.clock import SystemClock
from core.health import Heartbeats
from emulator.kit.harness import EmulatorHarness
from storage.uow import UnitOfWorkFactory
from tests.bot.test_inbox_store import LEASE
from tests.bot.test_inbox_worker import Recorder

QUICK_RETRY = BackoffConfig(min_delay=0.05, max_delay=0.1, factor=1.5, jitter=0.1)


class DatabaseDownFor(InboxStore):
    """A store whose database refuses the first `refusals` batches."""

    def __init__(self, uow_factory: UnitOfWorkFactory, refusals: int) -> None:
        super().__init__(uow_factory, SystemClock(), LEASE)
        self.refusals = refusals
        self.tried = asyncio.Event()

    async def keep_claiming(
        self, received: Sequence[Received], *, claim: bool = True
    ) -> list[Kept]:
        if received and self.refusals:
            self.refusals -= 1
            self.tried.set()
            raise ConnectionError("the database is down")
        return await super().keep_claiming(received, claim=claim)


async def test_an_update_leaves_telegram_only_once_kept(
    emulator: EmulatorHarness, uow_factory: UnitOfWorkFactory
) -> None:
    feed = Recorder()
    store = DatabaseDownFor(uow_factory, refusals=3)
    worker = InboxWorker(store, feed)
    bot = emulator.make_bot()
    polling = asyncio.create_task(poll(bot, store, worker, polling_timeout=1, backoff=QUICK_RETRY))
    try:
        user = await emulator.new_user()
        await user.send("привет")
        await asyncio.wait_for(store.tried.wait(), 5)
        assert [u["message"]["text"] for u in emulator.world.updates.pending] == ["привет"]

        for _ in range(200):
            if feed.fed:
                break
            await asyncio.sleep(0.02)
        assert store.refusals == 0 and feed.fed == [(user.id, "привет")]
        await asyncio.wait_for(emulator.world.updates.polling.wait(), 5)  # the next poll ...
        assert emulator.world.updates.pending == []  # ... confirmed it
    finally:
        polling.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await polling
        await worker.stop()
        await bot.session.close()


async def test_while_the_database_is_away_the_customer_hears_and_healthz_knows(
    emulator: EmulatorHarness, uow_factory: UnitOfWorkFactory
) -> None:
    feed = Recorder()
    store = DatabaseDownFor(uow_factory, refusals=10_000)
    worker = InboxWorker(store, feed)
    bot = emulator.make_bot()
    now = [0.0]
    heartbeats = Heartbeats(monotonic=lambda: now[0])
    apology = OutageApology(bot, build_i18n())
    polling = asyncio.create_task(
        poll(
            bot,
            store,
            worker,
            polling_timeout=1,
            backoff=QUICK_RETRY,
            apology=apology,
            heartbeats=heartbeats,
        )
    )
    try:
        user = await emulator.new_user()
        await user.send("привет")
        told = await user.expect_message(timeout=5)
        assert "сервис ненадолго недоступен" in told.text
        now[0] += POLLING_STUCK_AFTER + 1
        assert heartbeats.problems()[POLLING_LOOP].startswith("failing for")
        await user.expect_no_message(within=0.5)  # told once, although polling keeps failing

        store.refusals = 0
        for _ in range(200):
            if feed.fed:
                break
            await asyncio.sleep(0.02)
        assert feed.fed == [(user.id, "привет")]
        assert heartbeats.problems() == {}
    finally:
        polling.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await polling
        await worker.stop()
        await apology.close()
        await bot.session.close()
