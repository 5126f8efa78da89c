"""Wall time and this process's CPU time (all its threads) over a stretch of a benchmark.

CPU time per update is the steadiest cost figure on a shared machine: other tenants stretch the
wall clock, not the work this process does."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass


@dataclass
class Spent:
    wall: float = 0.0
    cpu: float = 0.0


@contextmanager
def spent() -> Iterator[Spent]:
    figures = Spent()
    wall, cpu = time.perf_counter(), time.process_time()
    try:
        yield figures
    finally:
        figures.wall = time.perf_counter() - wall
        figures.cpu = time.process_time() - cpu
