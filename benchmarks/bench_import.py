"""Import of a million accounts with their meters into a fresh SQLite file (`make bench`).

`BENCH_ACCOUNTS` scales the run down (e.g. 20000 for a quick look). The database it builds is
kept in var/bench/ for bench_dashboard, keyed by the number of accounts and the schema.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import resource
import shutil
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from benchmarks.figure import Figure
from core.clock import FrozenClock
from core.demo.catalog import METER_MODELS
from core.demo.people import FEMALE_NAMES, MALE_NAMES, PATRONYMICS, SURNAMES
from core.demo.region import BRANCHES
from core.exchange import BillingExchange, ImportSummary
from core.exchange.accounts import COLUMNS as ACCOUNT_COLUMNS
from core.exchange.meters import COLUMNS as METER_COLUMNS
from core.settings import Settings
from storage.database import create_engine, create_session_factory
from storage.models import metadata
from storage.schema import ensure_schema
from storage.uow import unit_of_work_factory

DEFAULT_ACCOUNTS = 1_000_000
CACHE_DIR = Path("var/bench")
TARGET_SECONDS = 60.0
CLOCK = FrozenClock(datetime(2025, 11, 26, 9, 0, tzinfo=UTC))
SETTINGS = Settings(timezone="Europe/Moscow")


def bench_accounts() -> int:
    return int(os.environ.get("BENCH_ACCOUNTS", DEFAULT_ACCOUNTS))


def account_number(index: int) -> str:
    return f"26{index:010d}"


def cached_database_path(accounts: int) -> Path:
    """Keyed by the number of accounts and the tables' shape, so a model change rebuilds it."""
    shape = repr([(t.name, [c.name for c in t.columns]) for t in metadata.sorted_tables])
    digest = hashlib.sha256(shape.encode()).hexdigest()[:8]
    return CACHE_DIR / f"cabinet-{accounts}-{digest}.db"


def write_files(directory: Path, accounts: int) -> tuple[Path, Path]:
    """accounts.csv and meters.csv with one meter per account, varied like a real region."""
    localities = [(b.name, loc) for b in BRANCHES for loc in b.localities]
    accounts_path, meters_path = directory / "accounts.csv", directory / "meters.csv"
    with (
        accounts_path.open("w", encoding="utf-8") as account_file,
        meters_path.open("w", encoding="utf-8") as meter_file,
    ):
        account_file.write(",".join(ACCOUNT_COLUMNS) + "\n")
        meter_file.write(",".join(METER_COLUMNS) + "\n")
        for index in range(accounts):
            number = account_number(index)
            branch, locality = localities[index % len(localities)]
            street = locality.streets[index % len(locality.streets)]
            female = index % 2
            surname = SURNAMES[index % len(SURNAMES)][female]
            first = (FEMALE_NAMES if female else MALE_NAMES)[index % 13]
            patronymic = PATRONYMICS[index % len(PATRONYMICS)][female]
            flat = str(index % 120 + 1) if locality.is_town else ""
            tariff = "городской" if locality.is_town else "сельский"
            account_file.write(
                f"{number},{index % 90 + 10}АВ{index % 1_000_000:06d},{branch},{locality.name},"
                f"{street},{index % 150 + 1},,,{flat},{surname} {first} {patronymic},{tariff}\n"
            )
            model = METER_MODELS[index % len(METER_MODELS)]
            year = 2012 + index % 11
            meter_file.write(
                f"{number},{index:08d},{model.name},{model.digits},{model.zones},"
                f"{year}-03-15,{year + 16}-03-15\n"
            )
    return accounts_path, meters_path


async def import_into(database: Path, files: tuple[Path, Path]) -> list[ImportSummary]:
    engine = create_engine(f"sqlite+aiosqlite:///{database}")
    try:
        await ensure_schema(engine)
        exchange = BillingExchange(
            unit_of_work_factory(create_session_factory(engine)), CLOCK, SETTINGS
        )
        return [
            await exchange.import_file("accounts", files[0]),
            await exchange.import_file("meters", files[1]),
        ]
    finally:
        await engine.dispose()


def build_database(accounts: int) -> tuple[Path, list[ImportSummary], float]:
    """Imports `accounts` accounts and meters into a fresh file and keeps it as the cache;
    returns it, the imports' summaries and the CPU seconds (all threads) of the imports."""
    target = cached_database_path(accounts)
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent) as scratch:
        files = write_files(Path(scratch), accounts)
        database = Path(scratch) / "cabinet.db"
        cpu_started = time.process_time()
        summaries = asyncio.run(import_into(database, files))
        cpu = time.process_time() - cpu_started
        shutil.move(database, target)
    return target, summaries, cpu


def cached_database(accounts: int) -> Path:
    """The kept database of `accounts` accounts, built first when missing."""
    path = cached_database_path(accounts)
    if not path.exists():
        path, _, _ = build_database(accounts)
    return path


def run() -> list[Figure]:
    accounts = bench_accounts()
    started = time.perf_counter()
    _, summaries, cpu = build_database(accounts)
    total = time.perf_counter() - started
    imported = sum(summary.seconds for summary in summaries)
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    figures = [
        Figure(
            f"import {summary.kind} ({summary.rows:,} rows), SQLite",
            f"{summary.rows / summary.seconds:,.0f} rows/s, {summary.seconds:.1f} s",
        )
        for summary in summaries
    ]
    return [
        *figures,
        Figure(
            f"import accounts+meters, {accounts:,} accounts, SQLite",
            f"{imported:.1f} s",
            f"< {TARGET_SECONDS:.0f} s" if accounts == DEFAULT_ACCOUNTS else "",
        ),
        Figure("  CPU of the imports (both threads)", f"{cpu:.1f} s"),
        Figure("  with writing the CSV files", f"{total:.1f} s"),
        Figure("  peak memory of the process", f"{peak_mib:,.0f} MiB"),
    ]
