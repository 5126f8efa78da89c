"""`cabinet seed-demo [--accounts N] [--seed S] [--months M] [--force]`: realistic demo data."""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from typing import Any

from cli.exchange import describe
from core.clock import SystemClock
from core.demo.generator import MONTHS_OF_HISTORY
from core.demo.seeding import CHUNK_ACCOUNTS, Progress, SeedResult, seed_demo
from core.settings import Settings
from storage.database import create_engine, create_session_factory
from storage.schema import ensure_schema
from storage.uow import unit_of_work_factory

DEFAULT_ACCOUNTS = 200
DEFAULT_SEED = 26  # Stavropol Krai's region code


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "seed-demo", help="load demo customers of Stavropol Krai (skipped when accounts exist)"
    )
    parser.add_argument("--accounts", type=_positive, default=DEFAULT_ACCOUNTS)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="same seed, same data")
    parser.add_argument(
        "--months", type=_positive, default=MONTHS_OF_HISTORY, help="months of history"
    )
    parser.add_argument("--force", action="store_true", help="load even when accounts exist")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    progress = _progress_line(args.accounts) if args.accounts > CHUNK_ACCOUNTS else None
    result = asyncio.run(
        seed_database(Settings(), args.accounts, args.seed, args.force, args.months, progress)
    )
    if not result.seeded:
        print("seed-demo: the database has accounts already; nothing loaded (--force loads anyway)")
        return 0
    for summary in result.summaries:
        print(describe(summary))
    print("Demo accounts to link in the bot (account number and ЕЛС):")
    for person in result.showcase:
        print(
            f"  {person.number}  ЕЛС {person.els}  {person.holder_name}, {person.address}; "
            f"{person.meter} ({person.zones}), {person.habit}"
        )
    return 0


async def seed_database(
    settings: Settings,
    accounts: int,
    seed: int,
    force: bool = False,
    months: int = MONTHS_OF_HISTORY,
    progress: Progress | None = None,
) -> SeedResult:
    """Migrates the database to head, then loads the demo data (see `seed_demo`)."""
    engine = create_engine(settings.database_url)
    try:
        await ensure_schema(engine)
        uow_factory = unit_of_work_factory(create_session_factory(engine))
        return await seed_demo(
            uow_factory,
            SystemClock(),
            settings,
            accounts=accounts,
            seed=seed,
            force=force,
            months=months,
            progress=progress,
        )
    finally:
        await engine.dispose()


def _progress_line(accounts: int) -> Progress:
    """A line on stderr after each chunk: a large region takes minutes."""
    started = time.monotonic()

    def report(loaded: int) -> None:
        minutes = (time.monotonic() - started) / 60
        print(
            f"seed-demo: {loaded:,} of {accounts:,} accounts loaded, {minutes:.1f} min",
            file=sys.stderr,
            flush=True,
        )

    return report


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value
