"""Alembic migrations build the same schema as the models, on SQLite and on PostgreSQL."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.migrate import table_names, upgrade_engine
from storage.models import metadata


def schema_diff(connection: Connection) -> list[object]:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return list(compare_metadata(context, metadata))


async def test_upgrade_to_head_creates_every_table(any_empty_engine: AsyncEngine) -> None:
    await upgrade_engine(any_empty_engine)
    assert set(metadata.tables) | {"alembic_version"} == await table_names(any_empty_engine)


async def test_migrations_match_the_models(any_empty_engine: AsyncEngine) -> None:
    await upgrade_engine(any_empty_engine)
    async with any_empty_engine.connect() as conn:
        diff = await conn.run_sync(schema_diff)
    assert diff == []


async def test_upgrade_twice_is_harmless(any_empty_engine: AsyncEngine) -> None:
    await upgrade_engine(any_empty_engine)
    await upgrade_engine(any_empty_engine)
    assert "accounts" in await table_names(any_empty_engine)
