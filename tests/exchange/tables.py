"""Reading whole tables back, to compare what an import left behind."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Table, select
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.models import (
    accounts_table,
    charges_table,
    meters_table,
    payments_table,
    readings_table,
)

TABLES: list[Table] = [accounts_table, meters_table, readings_table, charges_table, payments_table]


async def rows_of(engine: AsyncEngine, table: Table) -> list[dict[str, Any]]:
    async with engine.connect() as connection:
        result = await connection.execute(select(table).order_by(table.c.id))
        return [dict(row._mapping) for row in result]


async def snapshot(engine: AsyncEngine) -> dict[str, list[dict[str, Any]]]:
    return {table.name: await rows_of(engine, table) for table in TABLES}
