"""Every background loop of the bot lives through any exception, and `/healthz` knows when one is
dead. A round of the reminder scheduler or of the sender that raises is logged without what the
error carried (here a phone and a customer's words) and the loop goes on: the customer still
gets the notice. A loop whose task has ended makes `/healthz` answer 503 naming it."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Coroutine
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from pydantic import SecretStr
from sqlalchemy.ext.asyncio import AsyncEngine

from benchmarks.bench_notifications import OutboxScene
from bot.background import Backoff
from bot.i18n import build_i18n
from bot.notifications.scheduler import ReminderScheduler
from bot.notifications.sender import OutboxSender, SenderConfig
from bot.runtime import build_runtime, serve
from cli.logging_setup import JsonLineFormatter
from core.health import Heartbeats
from core.notifications.reminders import Reminders
from core.settings import Settings
from emulator.kit.harness import EmulatorHarness
from emulator.kit.ports import free_port
from storage.migrate import upgrade
from tests.bot.health_kit import Health, TroubledClock, eventually
from tests.bot.kit import BotWorld
from tests.bot.readings_scene import meter_with_history
from tests.bot.signed_in import linked_account, signed_in_customer
from tests.core.accounts.seed import Seed

WINDOW_OPENS = datetime(2026, 12, 14, 21, 30, tzinfo=UTC)  # 15 December, 00:30 in Moscow
PHONE, WORDS = "+79281234567", "у меня сгорел счётчик"
FAST = Backoff(first=0.02, longest=0.1)


def a_bug() -> RuntimeError:
    return RuntimeError(f"unexpected: {PHONE} wrote «{WORDS}»")


@contextlib.asynccontextmanager
async def background(loop: Coroutine[Any, Any, None]) -> AsyncIterator[asyncio.Task[None]]:
    task = asyncio.create_task(loop)
    try:
        yield task
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


def logged(caplog: pytest.LogCaptureFixture) -> str:
    """The log lines as `cabinet run` writes them (JSON, with every field a line carries)."""
    formatter = JsonLineFormatter()
    return "\n".join(formatter.format(record) for record in caplog.records)


async def test_the_scheduler_goes_on_after_a_round_that_raised(
    world: BotWorld, seed: Seed, caplog: pytest.LogCaptureFixture
) -> None:
    anna = await signed_in_customer(world)
    account = await linked_account(world, seed, anna.user.id, "110000001")
    await meter_with_history(seed, account, "67005887", {"T": ("12000", "12345")})
    world.clock.set(WINDOW_OPENS)
    assert world.notifications is not None
    heartbeats = Heartbeats()
    troubled = TroubledClock(world.clock, failures=2, error=a_bug())
    scheduler = ReminderScheduler(
        Reminders(world.cabinet.uow_factory, troubled, world.settings),
        60.0,  # a round that works waits a minute: the retries come sooner, after the backoff
        world.notifications.sender.wake,
        heartbeats=heartbeats,
        backoff=FAST,
    )

    async with background(scheduler.run()) as task:
        await anna.client.expect_message(contains="Открыт приём показаний за декабрь 2026")
        assert not task.done()
        assert scheduler.runs == 1 and troubled.failures == 0
        assert heartbeats.problems() == {}

    lines = logged(caplog)
    assert lines.count('"task": "reminder-scheduler"') >= 2
    assert "builtins.RuntimeError" in lines
    assert PHONE not in lines and WORDS not in lines


async def test_the_sender_goes_on_after_a_round_that_raised(
    emulator: EmulatorHarness, sqlite_engine: AsyncEngine, caplog: pytest.LogCaptureFixture
) -> None:
    scene = await OutboxScene.build(emulator, sqlite_engine, chats=2)
    texts = await scene.enqueue([(chat, 2) for chat in scene.chats])
    heartbeats = Heartbeats()
    sender = OutboxSender(
        emulator.make_bot(),
        scene.uow_factory,
        TroubledClock(scene.clock, failures=3, error=a_bug()),
        build_i18n(),
        SenderConfig(rate_per_second=1000.0, poll_seconds=0.02, backoff=FAST),
        heartbeats=heartbeats,
    )

    async with background(sender.run()) as task:
        await eventually(lambda: _all_delivered(scene, texts))
        assert not task.done()
        assert heartbeats.problems() == {}
    await sender.bot.session.close()

    assert scene.delivered() == {text: 1 for text in texts}
    lines = logged(caplog)
    assert lines.count('"task": "outbox-sender"') >= 3
    assert PHONE not in lines and WORDS not in lines


async def _all_delivered(scene: OutboxScene, texts: list[str]) -> bool:
    return sum(scene.delivered().values()) == len(texts)


@pytest.mark.parametrize("task_name", ["outbox-sender", "inbox-recovery"])
async def test_healthz_names_a_background_task_that_has_died(
    emulator: EmulatorHarness, tmp_path: Path, task_name: str
) -> None:
    database_url = f"sqlite+aiosqlite:///{tmp_path / 'cabinet.db'}"
    await upgrade(database_url)
    settings = Settings(
        _env_file=None,
        bot_token=SecretStr(emulator.token),
        telegram_api_url=emulator.api_base,
        database_url=database_url,
        web_port=free_port(),
    )
    stop = asyncio.Event()
    running = asyncio.create_task(serve(build_runtime(settings), stop))
    try:
        async with aiohttp.ClientSession() as http:
            health = Health(http, f"http://127.0.0.1:{settings.web_port}/healthz")
            assert await health.until(200) == {"status": "ok"}

            [task] = [task for task in asyncio.all_tasks() if task.get_name() == task_name]
            task.cancel()

            assert await health.until(503) == {
                "status": "unavailable",
                "database": "ok",
                "tasks": {task_name: "dead"},
            }
    finally:
        stop.set()
        await asyncio.wait_for(running, 10)


async def test_a_loop_that_hangs_is_reported_stuck() -> None:
    """A round that never ends: the task lives, but /healthz says it makes no progress."""
    heartbeats = Heartbeats()
    hangs = asyncio.Event()
    scheduler = ReminderScheduler(
        _HangingReminders(hangs), 60.0, heartbeats=heartbeats, stuck_after=0.2
    )

    async with background(scheduler.run()):
        await asyncio.wait_for(hangs.wait(), 3.0)
        assert heartbeats.problems() == {}
        problems = await eventually(lambda: _unwell(heartbeats))

    assert list(problems) == ["reminder-scheduler"]
    assert problems["reminder-scheduler"].startswith("no progress for")


async def _unwell(heartbeats: Heartbeats) -> dict[str, str] | None:
    return heartbeats.problems() or None


class _HangingReminders(Reminders):
    def __init__(self, started: asyncio.Event) -> None:
        self._started = started

    async def run(self) -> Any:
        self._started.set()
        await asyncio.Event().wait()
