"""Background loops that outlive any exception.

`BackgroundLoop.run_forever(round)` runs `round` again and again until cancelled. A round that
works beats the loop's heartbeat (`core.health.Heartbeats`) and resets the backoff. A round that
raises is logged, reported to the heartbeats, and waited out: 1 s after the first failure in a
row, doubling up to 30 s (`Backoff`), so a database that is away for a while is asked again
about twice a minute, and at once (within a second or two) once it is back.

The log line names the exception's type, its causes' types and the places it passed through,
never its message: a database error's message quotes the statement's values, and those may be a
customer's text, phone or e-mail.
"""

from __future__ import annotations

import asyncio
import logging
import traceback
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

from core.health import Heartbeats

logger = logging.getLogger("cabinet.background")


@dataclass(frozen=True, slots=True)
class Backoff:
    first: float = 1.0  # seconds after the first failure in a row
    longest: float = 30.0

    def delay(self, failures: int) -> float:
        return min(self.longest, self.first * 2 ** max(0, failures - 1))


class BackgroundLoop:
    def __init__(
        self,
        name: str,
        heartbeats: Heartbeats,
        stuck_after: float,
        backoff: Backoff = Backoff(),
        sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
    ) -> None:
        self.name = name
        self.stuck_after = stuck_after  # /healthz: no round worked for so long (seconds)
        self._heartbeats = heartbeats
        self._backoff = backoff
        self._sleep = sleep

    async def run_forever(self, round_: Callable[[], Awaitable[Any]]) -> NoReturn:
        self._heartbeats.started(self.name, self.stuck_after)
        failures = 0
        while True:
            try:
                await round_()
            except Exception as error:
                failures += 1
                delay = self._backoff.delay(failures)
                self._heartbeats.failed(self.name, error)
                logger.error(
                    "background loop failed",
                    extra={
                        "task": self.name,
                        "failures": failures,
                        "retry_in": delay,
                        **error_fields(error),
                    },
                )
                await self._sleep(delay)
                continue
            if failures:
                logger.info("background loop recovered", extra={"task": self.name})
                failures = 0
            self._heartbeats.beat(self.name)


def error_fields(error: BaseException) -> dict[str, Any]:
    """What a log line may say about an exception: the types down its chain of causes and where
    it was raised, without a message (see the module's docstring)."""
    types: list[str] = []
    seen: BaseException | None = error
    while seen is not None and len(types) < 5:
        types.append(f"{type(seen).__module__}.{type(seen).__qualname__}")
        seen = seen.__cause__ or (None if seen.__suppress_context__ else seen.__context__)
    frames = traceback.extract_tb(error.__traceback__)
    return {
        "error": types[0],
        "caused_by": types[1:],
        "raised_at": [f"{Path(f.filename).name}:{f.lineno} {f.name}" for f in frames],
    }
