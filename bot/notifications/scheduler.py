"""The reminder scheduler: every interval, asks core's `Reminders` to enqueue what is due today
(in the company's time zone) and wakes the sender when something was. The rules and the
once-only keys are core's; a run that fails is logged and the next one tries again."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from core.notifications.reminders import ReminderRun, Reminders

logger = logging.getLogger("cabinet.reminders")


class ReminderScheduler:
    def __init__(
        self,
        reminders: Reminders,
        interval_seconds: float,
        on_enqueued: Callable[[], None] | None = None,
        sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
    ) -> None:
        self._reminders = reminders
        self.interval_seconds = interval_seconds
        self._on_enqueued = on_enqueued
        self._sleep = sleep
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
        while True:
            try:
                await self.run_once()
            except Exception:  # the database away for a minute must not end reminders for good
                logger.exception("reminder run failed")
            await self._sleep(self.interval_seconds)
