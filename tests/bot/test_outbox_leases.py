"""Short leases: the notices a crashed sender had claimed reach their customers about 30 s later,
not after minutes, while a live sender keeps the rows it holds however long they wait."""

from __future__ import annotations

import asyncio
import contextlib
import time
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncEngine

from benchmarks.bench_notifications import OutboxScene, deliver, spread
from bot.i18n import build_i18n
from bot.notifications.pacing import PRIVATE_BURST
from bot.notifications.sender import OutboxSender, SenderConfig
from core.enums import OutboxStatus
from core.notifications.delivery import OutboxStore
from emulator.kit.harness import EmulatorHarness

LEASE = SenderConfig().lease


async def test_a_crashed_sender_s_notices_arrive_within_the_short_lease(
    emulator: EmulatorHarness, sqlite_engine: AsyncEngine
) -> None:
    scene = await OutboxScene.build(emulator, sqlite_engine, chats=3)
    texts = await scene.enqueue(spread(scene.chats, 6))
    crashed = OutboxStore(scene.uow_factory, scene.clock, LEASE)
    assert len(await crashed.claim(50)) == 6  # claimed, and the process died before sending
    del crashed

    await deliver(scene, scene.sender(rate_per_second=1000.0))  # its leases still hold
    assert sum(scene.delivered().values()) == 0
    scene.clock.advance(timedelta(seconds=31))
    await deliver(scene, scene.sender(rate_per_second=1000.0))

    assert scene.delivered() == {text: 1 for text in texts}
    assert await scene.statuses() == {OutboxStatus.SENT.value: 6}


async def test_a_live_sender_keeps_the_rows_it_holds_however_long_they_wait(
    emulator: EmulatorHarness, sqlite_engine: AsyncEngine
) -> None:
    """One chat gets 8 notices: its burst goes out, the rest wait for the chat's turn while six
    minutes pass by the database's clock. Nobody else takes them meanwhile; each arrives once."""
    scene = await OutboxScene.build(emulator, sqlite_engine, chats=1)
    texts = await scene.enqueue([(scene.chats[0], 8)])
    turn_comes, waiting = asyncio.Event(), asyncio.Event()

    def pacers_time() -> float:  # stands still for the sender's pacers until the turn comes
        return time.monotonic() if turn_comes.is_set() else 0.0

    async def until_the_turn_comes(seconds: float) -> None:
        waiting.set()
        await turn_comes.wait()
        await asyncio.sleep(seconds)

    sender = OutboxSender(
        emulator.make_bot(),
        scene.uow_factory,
        scene.clock,
        build_i18n(),
        SenderConfig(rate_per_second=1000.0, poll_seconds=0.02),
        monotonic=pacers_time,
        sleep=until_the_turn_comes,
    )
    running = asyncio.create_task(sender.run())
    other = OutboxStore(scene.uow_factory, scene.clock, LEASE)
    try:
        await asyncio.wait_for(waiting.wait(), 3.0)
        assert sum(scene.delivered().values()) == PRIVATE_BURST
        for _ in range(18):
            scene.clock.advance(timedelta(seconds=20))
            await asyncio.sleep(0.05)  # a few of the sender's polls
            assert await other.claim(50) == []

        turn_comes.set()
        for _ in range(100):
            if sum(scene.delivered().values()) == len(texts):
                break
            await asyncio.sleep(0.05)
    finally:
        running.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await running
        await sender.bot.session.close()

    assert scene.delivered() == {text: 1 for text in texts}
    assert sender.metrics.lost_leases == 0
    assert await scene.statuses() == {OutboxStatus.SENT.value: 8}
