"""A load test of `cabinet cluster --local` with 1, 2 and 4 workers (`make bench-cluster`).

Each run starts a fresh cluster (private PostgreSQL and Redis, the emulator delivering webhooks
to nginx, flood limits off), signs in simulated customers and lets them do the real journeys
(benchmarks/cluster_kit.py) for a warm-up and then the measured stretch. Reported per run:
- updates handled per second (the inbox's rows marked handled in the stretch) and presses per
  second (the customers' side);
- p50/p99 from a customer's press to the bot's answer; errors (no answer within 30 s, an error
  text);
- CPU seconds per handled update of each process (the workers, nginx, the emulator, PostgreSQL
  with all its processes, Redis, the supervisor, the customers' process), from /proc deltas over
  the stretch, and each one's share of a core: the one nearest a whole core is the bottleneck.

Settings (environment): CLUSTER_LOAD_SECONDS (measured stretch, default 30), CLUSTER_LOAD_WARMUP
(default 10), CLUSTER_LOAD_WORKERS (default "1,2,4"), CLUSTER_LOAD_CUSTOMERS (default 200),
CLUSTER_LOAD_THINK (mean seconds between a customer's presses, default 1.0).
"""

from __future__ import annotations

import asyncio
import os
import random
import shutil
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from benchmarks.cluster_kit import (
    Tally,
    cabinet_cluster,
    cpu_snapshot,
    customer_loop,
    handled_between,
    machine,
    quantile,
    sign_in_customers,
)
from emulator.kit.remote import RemoteEmulator

TARGET = "150 updates/s, p99 < 500 ms, 0 errors"


@dataclass(frozen=True)
class LoadSettings:
    seconds: float
    warmup: float
    workers: tuple[int, ...]
    customers: int
    think: float

    @classmethod
    def from_environment(cls) -> LoadSettings:
        return cls(
            seconds=float(os.environ.get("CLUSTER_LOAD_SECONDS", "30")),
            warmup=float(os.environ.get("CLUSTER_LOAD_WARMUP", "10")),
            workers=tuple(
                int(n) for n in os.environ.get("CLUSTER_LOAD_WORKERS", "1,2,4").split(",")
            ),
            customers=int(os.environ.get("CLUSTER_LOAD_CUSTOMERS", "200")),
            think=float(os.environ.get("CLUSTER_LOAD_THINK", "1.0")),
        )


@dataclass
class RunResult:
    workers: int
    customers: int
    think: float
    seconds: float
    handled: int
    presses: int
    p50: float
    p99: float
    errors: Counter[str]
    cpu: dict[str, float]  # CPU seconds over the stretch, by process
    by_step: dict[str, list[float]]  # answered presses' seconds, by step

    @property
    def updates_per_second(self) -> float:
        return self.handled / self.seconds

    def table(self) -> str:
        error_count = sum(self.errors.values())
        lines = [
            f"### {self.workers} worker(s), {self.customers} customers, think {self.think} s, "
            f"{self.seconds:.0f} s measured",
            "",
            "| figure | value |",
            "| --- | --- |",
            f"| updates handled | {self.handled} ({self.updates_per_second:.1f}/s) |",
            f"| presses answered or failed | {self.presses} ({self.presses / self.seconds:.1f}/s) |",
            f"| p50 press → answer (updates) | {self.p50 * 1000:.0f} ms |",
            f"| p99 press → answer (updates) | {self.p99 * 1000:.0f} ms |",
            f"| errors | {error_count} {dict(self.errors) if self.errors else ''} |",
            "",
            "| process | CPU s | CPU ms / update | share of a core |",
            "| --- | --- | --- | --- |",
        ]
        per = max(self.handled, 1)
        for name, seconds in sorted(self.cpu.items(), key=lambda item: -item[1]):
            lines.append(
                f"| {name} | {seconds:.1f} | {seconds / per * 1000:.2f} | "
                f"{seconds / self.seconds:.2f} |"
            )
        total = sum(self.cpu.values())
        lines.append(
            f"| **all** | {total:.1f} | {total / per * 1000:.2f} | {total / self.seconds:.2f} |"
        )
        lines += ["", "| step | presses | p50 ms | p99 ms |", "| --- | --- | --- | --- |"]
        for step, timings in self.by_step.items():
            lines.append(
                f"| {step} | {len(timings)} | {quantile(timings, 50) * 1000:.0f} | "
                f"{quantile(timings, 99) * 1000:.0f} |"
            )
        return "\n".join(lines)


async def one_run(workers: int, settings: LoadSettings) -> RunResult:
    folder = Path(tempfile.mkdtemp(prefix=f"cabinet-load-{workers}w-", dir="/tmp"))
    accounts = max(300, settings.customers * 2)
    try:
        async with (
            cabinet_cluster(workers, folder, accounts) as cluster,
            RemoteEmulator(cluster.emulator_url) as emu,
        ):
            customers = await sign_in_customers(emu, cluster.database_url, settings.customers)
            tally = Tally()
            rng = random.Random(2026)
            stop_at = time.monotonic() + settings.warmup + settings.seconds
            loops = [
                asyncio.create_task(customer_loop(c, tally, stop_at, settings.think, rng))
                for c in customers
            ]
            await asyncio.sleep(settings.warmup)
            processes = cluster.processes()
            cpu_before, wall_before, started = (
                cpu_snapshot(processes),
                time.time(),
                time.monotonic(),
            )
            await asyncio.sleep(settings.seconds)
            cpu_after, wall_after, ended = cpu_snapshot(processes), time.time(), time.monotonic()
            await asyncio.gather(*loops)
            handled = await handled_between(cluster.database_url, wall_before, wall_after)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    measured = [s for s in tally.samples if started <= s.started < ended]
    # The bank's «Оплатить» is no update to the bot: its answer is the outbox's notification (the
    # sender looks every NOTIFY_POLL_SECONDS); it has its own line in the table by step.
    answered = sorted(s.seconds for s in measured if s.error is None and s.step != "pay None")
    by_step: dict[str, list[float]] = {}
    for sample in measured:
        if sample.error is None:
            by_step.setdefault(sample.step[:24], []).append(sample.seconds)
    return RunResult(
        workers=workers,
        customers=settings.customers,
        think=settings.think,
        seconds=ended - started,
        handled=handled,
        presses=len(measured),
        p50=quantile(answered, 50),
        p99=quantile(answered, 99),
        errors=Counter(s.error for s in measured if s.error is not None),
        cpu={name: cpu_after[name] - cpu_before.get(name, 0.0) for name in cpu_after},
        by_step={step: sorted(seconds) for step, seconds in by_step.items()},
    )


def main() -> int:
    settings = LoadSettings.from_environment()
    print(f"Machine: {machine()}")
    print(f"Target: {TARGET}\n")
    for workers in settings.workers:
        result = asyncio.run(one_run(workers, settings))
        print(result.table() + "\n", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
