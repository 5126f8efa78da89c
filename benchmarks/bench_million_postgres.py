"""PostgreSQL at a million accounts: the load, the size on disk, and the latency of the services
a customer uses most, at 1,000,000 accounts beside 1,000.

The region is `cabinet seed-demo`'s (seed 26, BENCH_MONTHS months of readings, charges and
payments, 12 by default), loaded once into a database kept between runs (benchmarks.
postgres_cache): the load's figures are those of the run that loaded it. `BENCH_ACCOUNTS` sets the
large region's size (e.g. 50000 for a quick look). Each service call runs on the small and the
large database in turn, for a customer of the benchmark's hundred (spread over the table), and
every query should go through an index: the large database's p50 within 20 % of the small one's,
and no sequential scan of a big table while the calls ran.
"""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from benchmarks.bench_import import bench_accounts
from benchmarks.figure import Figure
from benchmarks.latency import alternating, p50, p99
from benchmarks.measured_region import MeasuredRegion
from benchmarks.postgres_cache import Load, database_url, kept_database, unreachable_reason
from storage.database import create_engine

SMALL = 1_000
SEED = 26
DEFAULT_MONTHS = 12
WARM_UP_CALLS = 20
TIMED_CALLS = 200
TARGET_RATIO = 1.2
TARGET_PEAK_MIB = 2048
BIG_TABLES = ("accounts", "meters", "readings", "charges", "payments")
OPERATIONS = {
    "dashboard («Главная»)": "dashboard",
    "readings submission": "send_readings",
    "history: readings page": "readings_page",
    "history: charges page": "charges_page",
    "history: payments page": "payments_page",
}
MIB = 2**20
GIB = 2**30


def bench_months() -> int:
    return int(os.environ.get("BENCH_MONTHS", DEFAULT_MONTHS))


def run() -> list[Figure]:
    reason = unreachable_reason()
    if reason is not None:
        print(f"bench_million_postgres: skipped: {reason}", file=sys.stderr)
        return [Figure("PostgreSQL at a million accounts", "skipped", reason)]
    return asyncio.run(_figures(bench_accounts(), bench_months()))


async def _figures(accounts: int, months: int) -> list[Figure]:
    small, _, _ = await kept_database(SMALL, SEED, months)
    large, load, fresh = await kept_database(accounts, SEED, months)
    return [
        *_load_figures(accounts, months, load, fresh),
        *await _size_figures(large, accounts),
        *await _latency_figures(small, large, accounts),
    ]


def _load_figures(accounts: int, months: int, load: Load, fresh: bool) -> list[Figure]:
    when = "loaded now" if fresh else f"kept from {load.loaded_at}"
    figures = [
        Figure(
            f"seed-demo {accounts:,} accounts, {months} months, PostgreSQL ({when})",
            f"{load.seconds / 60:.1f} min",
        )
    ]
    for kind, figures_of_kind in load.kinds.items():
        rate = figures_of_kind.rows / figures_of_kind.seconds if figures_of_kind.seconds else 0
        figures.append(
            Figure(
                f"  {kind} ({figures_of_kind.rows:,} rows)",
                f"{rate:,.0f} rows/s, {figures_of_kind.seconds / 60:.1f} min",
            )
        )
    figures.append(
        Figure("  peak memory of the load", f"{load.peak_mib:,.0f} MiB", f"< {TARGET_PEAK_MIB} MiB")
    )
    return figures


async def _size_figures(name: str, accounts: int) -> list[Figure]:
    async with _connection(name) as connection:
        database = await connection.scalar(text("SELECT pg_database_size(current_database())"))
        tables = {
            table: await connection.scalar(
                text("SELECT pg_total_relation_size(CAST(:table AS regclass))"), {"table": table}
            )
            for table in BIG_TABLES
        }
    per_million = 1_000_000 / accounts
    figures = [
        Figure(f"database size, {accounts:,} accounts", f"{database / GIB:.2f} GiB"),
        Figure("  per million accounts", f"{database * per_million / GIB:.2f} GiB"),
    ]
    figures += [
        Figure(f"  {table} with its indexes, per million", f"{size * per_million / GIB:.2f} GiB")
        for table, size in tables.items()
    ]
    return figures


async def _latency_figures(small_name: str, large_name: str, accounts: int) -> list[Figure]:
    regions = [MeasuredRegion(database_url(small_name)), MeasuredRegion(database_url(large_name))]
    try:
        for region in regions:
            await region.prepare()
        scans_before = await _sequential_scans(large_name)
        timings = {
            label: await alternating(
                [getattr(region, method) for region in regions], WARM_UP_CALLS, TIMED_CALLS
            )
            for label, method in OPERATIONS.items()
        }
        for region in regions:
            await region.engine.dispose()  # a backend reports its statistics as it ends
        await asyncio.sleep(1)
        scans = {
            table: count - scans_before[table]
            for table, count in (await _sequential_scans(large_name)).items()
            if count > scans_before[table]
        }
        for region in regions:
            await region.remove_sent_readings()
    finally:
        for region in regions:
            await region.close()
    figures: list[Figure] = []
    for label, (small, large) in timings.items():
        figures += _latency_of(label, small, large, accounts)
    scanned = ", ".join(f"{table} {count}" for table, count in scans.items()) or "none"
    figures.append(
        Figure(
            f"sequential scans of big tables during the calls, {accounts:,}",
            scanned,
            "none (every query through an index)",
        )
    )
    return figures


def _latency_of(
    label: str, small: Sequence[float], large: Sequence[float], accounts: int
) -> list[Figure]:
    ratio = p50(large) / p50(small)
    return [
        Figure(
            f"{label} p50 / p99, {SMALL:,} accounts",
            f"{p50(small) * 1000:.2f} / {p99(small) * 1000:.2f} ms",
        ),
        Figure(
            f"{label} p50 / p99, {accounts:,} accounts",
            f"{p50(large) * 1000:.2f} / {p99(large) * 1000:.2f} ms",
        ),
        Figure(
            f"{label} p50 large / small", f"{ratio:.2f}", f"<= {TARGET_RATIO:.2f} (within 20 %)"
        ),
    ]


async def _sequential_scans(name: str) -> dict[str, int]:
    async with _connection(name) as connection:
        rows = await connection.execute(
            text("SELECT relname, seq_scan FROM pg_stat_user_tables WHERE relname = ANY(:tables)"),
            {"tables": list(BIG_TABLES)},
        )
        return {table: count for table, count in rows.tuples()}


@asynccontextmanager
async def _connection(name: str) -> AsyncIterator[AsyncConnection]:
    """A short-lived connection to a kept database."""
    engine = create_engine(database_url(name))
    try:
        async with engine.connect() as connection:
            yield connection
    finally:
        await engine.dispose()
