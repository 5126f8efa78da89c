"""The reminder scheduler: every interval, asks core's `Reminders` to enqueue what is due today
(in the company's time zone) and wakes the sender when something was. The rules and the
once-only keys are core's. With several workers each runs this loop, and only the one holding
the cluster lease (`cluster_lease.py`) runs the rounds. A run that fails is logged and tried again after a backoff
(`background.py`: 1 s doubling up to 30 s); `/healthz` reports the scheduler when its task has
ended, or when no run has worked for ten minutes more than the interval."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from bot.background import BackgroundLoop, Backoff
from bot.cluster_lease import ClusterLease
from core.health import Heartbeats
from core.notifications.reminders import ReminderRun, Reminders

logger = logging.getLogger("cabinet.reminders")
SCHEDULER_LOOP = "reminder-scheduler"
RUN_ALLOWANCE_SECONDS = 600.0  # a run over a million customers' chats takes a few minutes at most


class ReminderScheduler:
    def __init__(
        self,
        reminders: Reminders,
        interval_seconds: float,
        on_enqueued: Callable[[], None] | None = None,
        sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
        *,
        heartbeats: Heartbeats | None = None,
        backoff: Backoff = Backoff(),
        stuck_after: float | None = None,
        lease: ClusterLease | None = None,
    ) -> None:
        self._reminders = reminders
        self._lease = lease  # with several workers, the one holding it runs the rounds
        self.interval_seconds = interval_seconds
        self._on_enqueued = on_enqueued
        self._sleep = sleep
        self._loop = BackgroundLoop(
            SCHEDULER_LOOP,
            heartbeats or Heartbeats(),
            interval_seconds + RUN_ALLOWANCE_SECONDS if stuck_after is None else stuck_after,
            backoff,
            sleep,
        )
        self.runs = 0

    async def run_once(self) -> ReminderRun:
        run = await self._reminders.run()
        self.runs += 1
        if any(run.enqueued.values()):
            logger.info("reminders enqueued", extra={"enqueued": dict(run.enqueued)})
            if self._on_enqueued is not None:
                self._on_enqueued()
        return run

    async def run(self) -> None:
        """Runs every interval until cancelled, whatever fails meanwhile."""
        await self._loop.run_forever(self._round)

    async def _round(self) -> None:
        if self._lease is None or await self._lease.held():
            await self.run_once()
        await self._sleep(self.interval_seconds)

    async def give_up(self) -> None:
        if self._lease is not None:
            await self._lease.give_up()
