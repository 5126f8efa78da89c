"""Notifications with several workers: the reminder scheduler and the outbox sender run on one
worker of the cluster at a time (the cluster lease), and a customer gets each notice once; paid
broadcasts go beyond Telegram's 30 messages a second."""

from __future__ import annotations

import asyncio
import contextlib

import pytest
from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncEngine

from benchmarks.bench_notifications import TELEGRAM_RATE, OutboxScene, deliver, spread
from bot import notifications as notifying
from core.settings import Settings
from emulator.kit.harness import EmulatorHarness
from tests.bot.kit import BotWorld
from tests.bot.readings_scene import meter_with_history
from tests.bot.signed_in import linked_account, signed_in_customer
from tests.bot.test_notifications import WINDOW_OPENS
from tests.core.accounts.seed import Seed


async def test_two_workers_tell_of_the_window_once_and_only_one_runs_the_scheduler(
    world: BotWorld, seed: Seed
) -> None:
    anna = await signed_in_customer(world)
    account = await linked_account(world, seed, anna.user.id, "110000001")
    await meter_with_history(seed, account, "67005887", {"T": ("12000", "12345")})
    world.clock.set(WINDOW_OPENS)
    config = notifying.sender_config(world.cabinet, poll_seconds=0.02)
    workers = [
        notifying.build_notifications(world.emu.make_bot(), world.cabinet, config) for _ in range(2)
    ]
    for worker in workers:
        worker.scheduler.interval_seconds = 0.05  # a round every 50 ms on each worker

    async with contextlib.AsyncExitStack() as stack:
        for worker in workers:
            stack.push_async_callback(await notifying.start(worker))
        notice = await anna.client.expect_message(contains="Открыт приём показаний")
        await asyncio.sleep(0.5)  # some ten rounds of each scheduler

    assert "до 25.12.2026" in notice.text
    await anna.client.expect_no_message(within=0.3)
    runs = sorted(worker.scheduler.runs for worker in workers)
    assert runs[0] == 0 and runs[1] >= 5, runs  # one worker ran every round, the other none


async def test_paid_broadcasts_go_past_telegram_s_30_a_second_without_a_429(
    sqlite_engine: AsyncEngine,
) -> None:
    async with EmulatorHarness(flood_limits=True) as emu:
        scene = await OutboxScene.build(emu, sqlite_engine, chats=150)
        texts = await scene.enqueue(spread(scene.chats, 300))  # two each: within a chat's burst
        sender = scene.sender(paid_broadcast=True, rate_per_second=300.0)

        elapsed = await deliver(scene, sender)

        assert scene.delivered() == {text: 1 for text in texts}
        assert (await emu.answered_statuses()).get(429, 0) == 0
        assert emu.world.flood.paid_messages == 300  # each sent as a paid broadcast
        assert 300 / elapsed > 2 * TELEGRAM_RATE, f"{300 / elapsed:.0f}/s"


def test_a_rate_above_telegram_s_limit_needs_paid_broadcasts() -> None:
    with pytest.raises(ValidationError, match="NOTIFY_PAID_BROADCAST"):
        Settings(_env_file=None, notify_rate_per_second=100)
    assert Settings(
        _env_file=None, notify_rate_per_second=1000, notify_paid_broadcast=True
    ).notify_paid_broadcast
    with pytest.raises(ValidationError, match="1000 at most"):
        Settings(_env_file=None, notify_rate_per_second=1500, notify_paid_broadcast=True)
