"""Seeding PostgreSQL: COPY loads exactly what the portable inserts load, and a second seed
changes nothing."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncEngine

from core.clock import FrozenClock
from core.demo.seeding import SeedResult, seed_demo
from core.settings import Settings
from storage.bulk_copy import PORTABLE_ONLY
from storage.database import create_session_factory
from storage.models import metadata
from storage.uow import unit_of_work_factory
from tests.conftest import postgres_schema
from tests.exchange.tables import snapshot

TODAY = datetime(2025, 11, 26, 10, 0, tzinfo=UTC)
ACCOUNTS = 30
CHUNK = 12  # three chunks: the second and third load into tables that have rows


async def seed(engine: AsyncEngine, *, force: bool = False) -> SeedResult:
    return await seed_demo(
        unit_of_work_factory(create_session_factory(engine)),
        FrozenClock(TODAY),
        Settings(timezone="Europe/Moscow"),
        accounts=ACCOUNTS,
        seed=11,
        force=force,
        months=13,
        chunk_accounts=CHUNK,
    )


async def test_copy_loads_what_the_portable_inserts_load(
    postgres_engine: AsyncEngine, copied_tables: list[str]
) -> None:
    await seed(postgres_engine)
    copied = list(copied_tables)
    async with postgres_schema() as other:
        async with other.begin() as connection:
            await connection.run_sync(metadata.create_all)
        portable = other.execution_options(**{PORTABLE_ONLY: True})
        await seed(portable)
        assert copied_tables == copied, "the portable engine must not COPY"
        assert await snapshot(postgres_engine) == await snapshot(other)

    assert set(copied) == {"accounts", "meters", "readings", "charges", "payments"}
    assert copied.count("accounts") == 3  # one COPY per chunk


async def test_seeding_again_changes_nothing(postgres_engine: AsyncEngine) -> None:
    first = await seed(postgres_engine)
    loaded = await snapshot(postgres_engine)

    skipped = await seed(postgres_engine)
    forced = await seed(postgres_engine, force=True)

    assert first.seeded and not skipped.seeded
    assert all(s.inserted == s.updated == 0 and s.unchanged == s.rows for s in forced.summaries)
    assert [s.rows for s in forced.summaries] == [s.rows for s in first.summaries]
    assert await snapshot(postgres_engine) == loaded
