"""Bulk inserts through PostgreSQL's binary COPY (asyncpg), for the repositories that load many
rows at once; every other database, or an engine with `PORTABLE_ONLY` set, takes the portable
executemany path instead.

COPY goes around SQLAlchemy's statement events, so the tables it writes are reported to
`storage.database` by hand, as an INSERT would have been.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, text
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.database import note_written

# Execution option that turns COPY off for an engine or connection (comparisons, diagnosis):
# `engine.execution_options(portable_bulk_inserts=True)`.
PORTABLE_ONLY = "portable_bulk_inserts"


def copy_applies(connection: AsyncConnection) -> bool:
    dialect = connection.dialect
    if dialect.name != "postgresql" or dialect.driver != "asyncpg":
        return False
    return not _synchronous(connection).get_execution_options().get(PORTABLE_ONLY, False)


async def copy_rows(
    connection: AsyncConnection,
    table: str,
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
) -> None:
    """Appends `rows` (values as the driver takes them, in the order of `columns`) to `table`
    in the connection's transaction."""
    raw = await connection.get_raw_connection()
    driver = raw.driver_connection
    if driver is None:
        raise RuntimeError("the connection has no driver connection")
    if not driver.is_in_transaction():
        # SQLAlchemy's asyncpg adapter sends BEGIN only with its first statement; COPY on the
        # driver before that would commit on its own, outside the unit of work.
        await connection.execute(text("SELECT 1"))
    await driver.copy_records_to_table(table, records=rows, columns=list(columns))
    note_written(_synchronous(connection), table)


def _synchronous(connection: AsyncConnection) -> Connection:
    if connection.sync_connection is None:
        raise RuntimeError("the connection is closed")
    return connection.sync_connection
