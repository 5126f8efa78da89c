"""A reading unit of work: on PostgreSQL its statements run without a transaction of their own
(no BEGIN and ROLLBACK round trips), on SQLite as any other; it reads what is committed, on both,
and cannot commit."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.database import create_session_factory
from storage.uow import UnitOfWork, unit_of_work_factory


async def _in_transaction(uow: UnitOfWork) -> bool:
    """Whether PostgreSQL's connection is inside a transaction (asyncpg knows)."""
    connection = await uow.session.connection()
    raw = await connection.get_raw_connection()
    return bool(raw.driver_connection.is_in_transaction())  # type: ignore[union-attr]


async def test_a_reading_unit_of_work_reads_without_a_transaction_and_cannot_commit(
    any_engine: AsyncEngine,
) -> None:
    factory = unit_of_work_factory(create_session_factory(any_engine))
    postgres = any_engine.dialect.name == "postgresql"  # SQLite begins only to write anyway
    async with factory() as writing:
        await writing.session.execute(text("CREATE TABLE IF NOT EXISTS probe (n INTEGER)"))
        await writing.session.execute(text("INSERT INTO probe VALUES (7)"))
        await writing.commit()
    try:
        async with factory(reading=True) as reading:
            found = await reading.session.scalar(text("SELECT max(n) FROM probe"))
            assert found == 7
            if postgres:
                assert not await _in_transaction(reading)
            with pytest.raises(RuntimeError):
                await reading.commit()
        async with factory() as writing:
            await writing.session.execute(text("SELECT max(n) FROM probe"))
            if postgres:
                assert await _in_transaction(writing)
    finally:
        async with factory() as writing:
            await writing.session.execute(text("DROP TABLE probe"))
            await writing.commit()
