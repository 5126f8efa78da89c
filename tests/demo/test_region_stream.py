"""The demo region is made one customer at a time and loaded a chunk at a time: a million
customers never sit in memory together."""

from __future__ import annotations

import time
import tracemalloc
from datetime import UTC, date, datetime
from itertools import islice
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncEngine

from core.clock import FrozenClock
from core.demo.generator import DemoAccount, generate_region
from core.demo.seeding import SeedResult, seed_demo
from core.demo.showcase import WANTED, Showcase
from core.exchange import ImportSummary
from core.settings import Settings
from storage.database import create_engine, create_session_factory
from storage.models import metadata
from storage.uow import unit_of_work_factory
from tests.exchange.tables import snapshot

TODAY = date(2025, 11, 26)


def test_the_first_customers_of_a_huge_region_come_at_once() -> None:
    started = time.perf_counter()
    first = list(islice(generate_region(10**9, seed=3, today=TODAY), 100))

    assert time.perf_counter() - started < 5  # a billion made up front would never return
    assert len({customer.person.number for customer in first}) == 100


def test_memory_holds_one_customer_while_the_region_streams() -> None:
    region = generate_region(10**9, seed=3, today=TODAY)
    next(region)  # the region's shared tables (prices per month) are made with the first
    tracemalloc.start()
    try:
        rows = sum(len(customer.readings) for customer in islice(region, 1000))
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert rows > 24_000  # some 20 MB of rows went past
    assert peak < 1_000_000


async def test_a_region_loaded_in_chunks_is_the_region_loaded_at_once(
    sqlite_engine: AsyncEngine, tmp_path: Path
) -> None:
    other = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'in-chunks.db'}")
    try:
        async with other.begin() as connection:
            await connection.run_sync(metadata.create_all)
        at_once = await _seed(sqlite_engine, chunk_accounts=1000)
        in_chunks = await _seed(other, chunk_accounts=7)
        assert await snapshot(other) == await snapshot(sqlite_engine)
    finally:
        await other.dispose()

    assert [_counts(s) for s in in_chunks.summaries] == [_counts(s) for s in at_once.summaries]
    assert in_chunks.showcase == at_once.showcase


def test_the_showcase_is_chosen_as_from_the_whole_region() -> None:
    people = [customer.person for customer in generate_region(400, seed=8, today=TODAY)]
    showcase = Showcase()
    for person in people:
        showcase.offer(person)

    expected: list[DemoAccount] = []
    for wanted in WANTED:
        expected.append(
            next(p for p in people if wanted in (p.zones, p.habit) and p not in expected)
        )
    assert showcase.chosen() == expected


def _counts(summary: ImportSummary) -> tuple[str, int, int, int, int]:
    return summary.kind, summary.rows, summary.inserted, summary.updated, summary.unchanged


async def _seed(engine: AsyncEngine, *, chunk_accounts: int) -> SeedResult:
    return await seed_demo(
        unit_of_work_factory(create_session_factory(engine)),
        FrozenClock(datetime(2025, 11, 26, 10, 0, tzinfo=UTC)),
        Settings(timezone="Europe/Moscow"),
        accounts=30,
        seed=4,
        chunk_accounts=chunk_accounts,
    )
