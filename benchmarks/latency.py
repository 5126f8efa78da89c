"""Timing service calls on two databases at once: the calls take turns, so that whatever else
the machine does meanwhile weighs on both alike."""

from __future__ import annotations

import statistics
import time
from collections.abc import Awaitable, Callable, Sequence

Call = Callable[[int], Awaitable[object]]
"""One call of a measured operation; given the call's number (to vary the customer)."""


async def alternating(calls: Sequence[Call], warm_up: int, timed: int) -> list[list[float]]:
    """Seconds of each timed call, per entry of `calls`, after `warm_up` untimed rounds."""
    timings: list[list[float]] = [[] for _ in calls]
    for number in range(warm_up + timed):
        for call, spent in zip(calls, timings, strict=True):
            started = time.perf_counter()
            await call(number)
            if number >= warm_up:
                spent.append(time.perf_counter() - started)
    return timings


def p50(seconds: Sequence[float]) -> float:
    return statistics.median(seconds)


def p99(seconds: Sequence[float]) -> float:
    return statistics.quantiles(seconds, n=100, method="inclusive")[98]
