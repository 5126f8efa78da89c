"""The outbox sender against the emulator: Telegram's limits, its errors, and a sender killed in
the middle of a batch. Every notification must arrive once: never lost, never twice."""

from __future__ import annotations

import asyncio
import contextlib
import os
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from benchmarks.bench_notifications import TELEGRAM_RATE, OutboxScene, deliver, spread
from bot.i18n import build_i18n
from bot.notifications.pacing import OVERALL_BURST
from bot.notifications.sender import OutboxSender, SenderConfig
from core.clock import FrozenClock
from core.entities.outbox import OutboxMessage
from core.enums import NotificationKind, OutboxStatus
from core.notifications.delivery import OutboxStore, RetryPolicy
from core.notifications.outbox import Outgoing, enqueue_many
from emulator.kit.harness import EmulatorHarness
from storage.models import outbox_table, telegram_identities_table

FAST_RETRIES = RetryPolicy(max_attempts=3, base_delay=0.01, max_delay=0.05)
LEASE = SenderConfig().lease


@pytest.fixture
async def limited(sqlite_engine: AsyncEngine) -> AsyncIterator[EmulatorHarness]:
    async with EmulatorHarness(flood_limits=True) as emu:
        yield emu


async def check_at_telegram_s_pace(emu: EmulatorHarness, engine: AsyncEngine, total: int) -> None:
    scene = await OutboxScene.build(emu, engine, chats=total // 3)
    # A few chats get more than their burst of 3, so the per-chat pacing is exercised too.
    busy, rest = scene.chats[:10], scene.chats[10:]
    plan = [(chat, 6) for chat in busy] + spread(rest, total - 60)
    texts = await scene.enqueue(plan)
    sender = scene.sender()

    elapsed = await deliver(scene, sender)

    assert scene.delivered() == {text: 1 for text in texts}
    assert (await emu.answered_statuses()).get(429, 0) == 0
    assert sender.metrics.flood_waits == 0
    assert await scene.statuses() == {OutboxStatus.SENT.value: total}
    rate = total / elapsed
    assert TELEGRAM_RATE * 0.90 <= rate <= TELEGRAM_RATE, f"{rate:.1f}/s"


async def test_300_notifications_at_telegram_s_pace_without_a_429(
    limited: EmulatorHarness, sqlite_engine: AsyncEngine
) -> None:
    await check_at_telegram_s_pace(limited, sqlite_engine, 300)


@pytest.mark.skipif(os.environ.get("CI") != "true", reason="about 170 s: runs on CI only")
@pytest.mark.timeout(300)  # 5,000 at 30 a second is 167 s by Telegram's own limit
async def test_5000_notifications_at_telegram_s_pace_without_a_429(
    limited: EmulatorHarness, sqlite_engine: AsyncEngine
) -> None:
    await check_at_telegram_s_pace(limited, sqlite_engine, 5000)


async def test_429_500_and_timeouts_are_retried_and_each_arrives_once(
    emulator: EmulatorHarness, sqlite_engine: AsyncEngine
) -> None:
    scene = await OutboxScene.build(emulator, sqlite_engine, chats=6)
    first, second, third = scene.chats[:3]
    await emulator.inject_fault(429, chat_id=first, times=1, retry_after=1)
    await emulator.inject_fault(500, chat_id=second, times=2)
    await emulator.inject_fault(502, chat_id=third, times=1, delay=1.5)  # longer than the timeout
    texts = await scene.enqueue(spread(scene.chats, 18))
    sender = scene.sender(retry=FAST_RETRIES, send_timeout=1, rate_per_second=1000.0)

    await deliver(scene, sender)

    assert scene.delivered() == {text: 1 for text in texts}
    assert sender.metrics.flood_waits == 1
    assert sender.metrics.retries == 3
    assert await scene.statuses() == {OutboxStatus.SENT.value: 18}
    attempts = {row.chat_id: row.attempts for row in await scene.rows() if row.attempts > 1}
    assert attempts == {second: 3, third: 2}


async def test_a_row_that_keeps_failing_ends_failed_with_the_error(
    emulator: EmulatorHarness, sqlite_engine: AsyncEngine
) -> None:
    scene = await OutboxScene.build(emulator, sqlite_engine, chats=2)
    broken, fine = scene.chats
    await emulator.inject_fault(500, chat_id=broken, times=10)
    await emulator.inject_fault(
        400, chat_id=fine, times=1, description="Bad Request: chat not found"
    )
    await scene.enqueue([(broken, 1), (fine, 2)])

    await deliver(scene, scene.sender(retry=FAST_RETRIES, rate_per_second=1000.0))

    rows = {row.chat_id: row for row in await scene.rows() if row.status == "failed"}
    assert rows[broken].attempts == 3 and "Internal Server Error" in (rows[broken].last_error or "")
    assert rows[fine].last_error == "Bad Request: chat not found"
    assert await scene.statuses() == {"failed": 2, "sent": 1}


async def test_a_user_who_blocked_the_bot_is_marked_and_their_other_rows_skipped(
    emulator: EmulatorHarness, sqlite_engine: AsyncEngine
) -> None:
    scene = await OutboxScene.build(emulator, sqlite_engine, chats=3)
    gone = scene.chats[1]
    emulator.world.people[gone].blocked_bot = True
    texts = await scene.enqueue([(chat, 4) for chat in scene.chats])
    sender = scene.sender(rate_per_second=1000.0)

    await deliver(scene, sender)

    assert sender.metrics.blocked == 1 and sender.metrics.skipped == 4
    assert sum(scene.delivered().values()) == 8
    assert await scene.statuses() == {"sent": 8, "skipped": 4}
    async with scene.uow_factory() as uow:
        blocked = await uow.session.scalar(
            select(telegram_identities_table.c.blocked_at).where(
                telegram_identities_table.c.chat_id == gone
            )
        )
    assert blocked is not None
    assert len(texts) == 12


async def test_a_sender_killed_mid_batch_and_restarted_delivers_each_once(
    limited: EmulatorHarness, sqlite_engine: AsyncEngine
) -> None:
    scene = await OutboxScene.build(limited, sqlite_engine, chats=40)
    texts = await scene.enqueue(spread(scene.chats, 120))
    killed = scene.sender()
    task = asyncio.create_task(killed.run())
    await asyncio.wait([task], timeout=1.5)  # the kill comes 1.5 s in: about 45 sent

    task.cancel()  # mid-batch: rows claimed, some on the wire, most waiting for their turn
    with contextlib.suppress(asyncio.CancelledError):
        await task
    await killed.bot.session.close()
    halfway = sum(scene.delivered().values())
    restarted = scene.sender()
    await deliver(scene, restarted)

    assert 20 <= halfway < 100
    assert scene.delivered() == {text: 1 for text in texts}
    assert await scene.statuses() == {OutboxStatus.SENT.value: 120}
    assert killed.metrics.sent + restarted.metrics.sent == 120


async def test_a_sender_that_dies_holding_leases_is_taken_over_once_they_expire(
    emulator: EmulatorHarness, sqlite_engine: AsyncEngine
) -> None:
    """A hard stop (the process killed: no cleanup, nothing given back): the dead sender sent
    and recorded a few, and holds the rest of its batch under a lease. A new sender leaves them
    while the lease holds, then delivers each of them once; the dead one can write nothing."""
    scene = await OutboxScene.build(emulator, sqlite_engine, chats=10)
    texts = await scene.enqueue(spread(scene.chats, 20))
    stuck = asyncio.Event()

    async def dies(_: float) -> None:  # time stops for the dead sender: it never goes on
        stuck.set()
        await asyncio.Event().wait()

    dead = OutboxSender(
        emulator.make_bot(),
        scene.uow_factory,
        FrozenClock(scene.clock.now()),  # its own: the dead sender never renews its leases
        build_i18n(),
        SenderConfig(rate_per_second=1000.0, poll_seconds=0.02),
        monotonic=lambda: 0.0,  # its pacers never refill: it sends its burst of 5, then hangs
        sleep=dies,
    )
    corpse = asyncio.create_task(dead.run())
    try:
        await asyncio.wait_for(stuck.wait(), 3.0)
        # The burst went out before time stopped: its sends and their outcomes are done.
        await asyncio.wait_for(asyncio.gather(*dead._on_wire), 3.0)
        assert dead.metrics.sent == OVERALL_BURST
        assert sum(scene.delivered().values()) == OVERALL_BURST
        other = OutboxStore(scene.uow_factory, scene.clock, LEASE)
        assert await other.claim(50) == []  # the dead sender holds all the 15 others

        await deliver(scene, scene.sender(rate_per_second=1000.0))  # too early: leases hold
        assert sum(scene.delivered().values()) == OVERALL_BURST
        scene.clock.advance(LEASE + timedelta(seconds=2))
        restarted = scene.sender(rate_per_second=1000.0)
        await deliver(scene, restarted)

        assert scene.delivered() == {text: 1 for text in texts}
        assert restarted.metrics.sent == 20 - OVERALL_BURST
        assert await scene.statuses() == {OutboxStatus.SENT.value: 20}
    finally:
        corpse.cancel()  # only to end the test: by now the dead sender's leases are gone
        with contextlib.suppress(asyncio.CancelledError):
            await corpse
        await dead.bot.session.close()
    assert await scene.statuses() == {OutboxStatus.SENT.value: 20}


async def test_two_senders_at_once_share_the_outbox_without_doubles(
    emulator: EmulatorHarness, sqlite_engine: AsyncEngine
) -> None:
    scene = await OutboxScene.build(emulator, sqlite_engine, chats=100)
    texts = await scene.enqueue(spread(scene.chats, 400))
    one = scene.sender(rate_per_second=2000.0, batch=50)
    two = scene.sender(rate_per_second=2000.0, batch=50)

    await asyncio.gather(deliver(scene, one), deliver(scene, two))

    assert scene.delivered() == {text: 1 for text in texts}
    assert one.metrics.sent > 0 and two.metrics.sent > 0
    assert one.metrics.sent + two.metrics.sent == 400


async def test_a_kind_switched_off_after_it_was_enqueued_is_skipped_at_send_time(
    emulator: EmulatorHarness, sqlite_engine: AsyncEngine
) -> None:
    scene = await OutboxScene.build(emulator, sqlite_engine, chats=2)
    quiet, keen = scene.chats
    bill = {"account_id": 1, "account_number": "110000001", "period": "2026-11"}
    async with scene.uow_factory() as uow:  # as the charges import writes them: in bulk
        items = [
            Outgoing(
                scene.users[chat],
                chat,
                chat,
                f"bill:1:2026-11:{chat}",
                {**bill, "total_kopecks": 100},
            )
            for chat in (quiet, keen)
        ]
        await enqueue_many(uow, NotificationKind.NEW_BILL, items, scene.clock.now())
        await uow.outbox.set_preference(scene.users[quiet], NotificationKind.NEW_BILL.value, False)
        await uow.commit()

    await deliver(scene, scene.sender(rate_per_second=1000.0))

    assert await scene.statuses() == {"sent": 1, "skipped": 1}
    assert not emulator.world.chats[quiet].messages
    assert len(emulator.world.chats[keen].messages) == 1


async def test_a_kind_written_by_a_newer_version_waits_for_it_and_holds_nobody_up(
    emulator: EmulatorHarness, sqlite_engine: AsyncEngine
) -> None:
    """A rolling upgrade: a new worker enqueued a kind this one does not know. Its row is left for
    a worker that knows it (not failed: that would lose it), and the rows behind it go out."""
    scene = await OutboxScene.build(emulator, sqlite_engine, chats=2)
    newer, other = scene.chats
    async with scene.uow_factory() as uow:
        future = Outgoing(scene.users[newer], newer, newer, "outage:1", {"text": "x"})
        await enqueue_many(uow, NotificationKind.BROADCAST, [future], scene.clock.now())
        await uow.session.execute(update(OutboxMessage).values(kind="outage_notice"))
        await uow.commit()
    texts = await scene.enqueue([(other, 2)])

    await deliver(scene, scene.sender(rate_per_second=1000.0))

    assert scene.delivered() == {text: 1 for text in texts}
    assert await scene.statuses() == {"sent": 2, "pending": 1}
    async with scene.uow_factory() as uow:
        locked_until = await uow.session.scalar(
            select(outbox_table.c.locked_until).where(outbox_table.c.kind == "outage_notice")
        )
    assert locked_until is not None
    assert locked_until - scene.clock.now() > timedelta(minutes=4)
