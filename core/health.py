"""Whether the cabinet can serve: the database (and Redis, when there is one) answers and every
background loop is alive.

A background loop (the outbox sender, the reminder scheduler) says it started, then beats after
each round that worked and reports each round that failed (`Heartbeats`). The health check finds
a loop unwell when its task has ended (dead), or when no round has worked for longer than the
loop's own limit (failing all that time, or hanging in one round)."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from core.ports import UnitOfWorkFactory

logger = logging.getLogger("cabinet.health")


async def database_answers(uow_factory: UnitOfWorkFactory) -> bool:
    try:
        async with uow_factory() as uow:
            await uow.ping()
    except Exception:
        logger.exception("database health check failed")
        return False
    return True


@dataclass
class _Loop:
    task: asyncio.Task[Any] | None
    stuck_after: float  # seconds without a round that worked
    last_beat: float
    failures: int = 0  # rounds failed in a row
    last_error: str | None = None  # the last failure's exception type


class Heartbeats:
    """The background loops of this process and how each one is doing."""

    def __init__(self, monotonic: Callable[[], float] = time.monotonic) -> None:
        self._monotonic = monotonic
        self._loops: dict[str, _Loop] = {}

    def started(self, name: str, stuck_after: float) -> None:
        """Called by the loop itself as it starts: its task is the one that runs it."""
        self._loops[name] = _Loop(_current_task(), stuck_after, self._monotonic())

    def beat(self, name: str) -> None:
        loop = self._loops.get(name)
        if loop is not None:
            loop.last_beat = self._monotonic()
            loop.failures, loop.last_error = 0, None

    def failed(self, name: str, error: BaseException) -> None:
        loop = self._loops.get(name)
        if loop is not None:
            loop.failures += 1
            loop.last_error = type(error).__name__

    def problems(self) -> dict[str, str]:
        """What is wrong with each loop that is not well, by its name."""
        now = self._monotonic()
        found: dict[str, str] = {}
        for name, loop in self._loops.items():
            silent = now - loop.last_beat
            if loop.task is not None and loop.task.done():
                found[name] = "dead"
            elif silent > loop.stuck_after and loop.failures:
                found[name] = f"failing for {silent:.0f} s ({loop.last_error})"
            elif silent > loop.stuck_after:
                found[name] = f"no progress for {silent:.0f} s"
        return found


@dataclass(frozen=True, slots=True)
class HealthReport:
    database: bool
    loops: dict[str, str] = field(default_factory=dict)  # the unwell ones: name -> what is wrong
    redis: bool | None = None  # None: no Redis configured

    @property
    def ok(self) -> bool:
        return self.database and self.redis is not False and not self.loops

    def as_json(self) -> dict[str, Any]:
        if self.ok:
            return {"status": "ok"}
        report: dict[str, Any] = {
            "status": "unavailable",
            "database": "ok" if self.database else "unavailable",
        }
        if self.redis is not None:
            report["redis"] = "ok" if self.redis else "unavailable"
        report["tasks"] = dict(self.loops)
        return report


async def check_health(
    uow_factory: UnitOfWorkFactory,
    heartbeats: Heartbeats,
    redis_answers: Callable[[], Awaitable[bool]] | None = None,
) -> HealthReport:
    redis = None if redis_answers is None else await redis_answers()
    return HealthReport(await database_answers(uow_factory), heartbeats.problems(), redis)


def _current_task() -> asyncio.Task[Any] | None:
    try:
        return asyncio.current_task()
    except RuntimeError:  # no running loop
        return None
