"""Exporting a period's readings, and taking the export back in."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncEngine

from core.entities.readings import Reading
from core.exchange import BillingExchange
from storage.database import create_engine
from storage.models import meters_table
from storage.schema import ensure_schema
from tests.exchange import samples
from tests.exchange.conftest import NOW, WriteCsv, exchange_on
from tests.exchange.tables import snapshot

HEADER = "account_number,serial,zone,taken_on,value,source,status"


async def add_bot_reading(
    engine: AsyncEngine, serial: str, zone: str, value: str, taken_at: datetime, period: str
) -> None:
    async with engine.begin() as connection:
        meter_id = (
            await connection.execute(
                select(meters_table.c.id).where(meters_table.c.serial == serial)
            )
        ).scalar_one()
        await connection.execute(
            insert(Reading),
            [
                {
                    "meter_id": meter_id,
                    "zone": zone,
                    "value": Decimal(value),
                    "taken_at": taken_at,
                    "period": period,
                    "source": "bot",
                    "status": "accepted",
                    "created_at": NOW,
                }
            ],
        )


async def export(exchange: BillingExchange, period: str) -> tuple[int, str]:
    out = io.StringIO()
    count = await exchange.export_readings(period, out)
    return count, out.getvalue()


async def load_samples(exchange: BillingExchange, write_csv: WriteCsv) -> None:
    for kind in ("accounts", "meters", "readings"):
        await exchange.import_file(kind, write_csv(f"{kind}.csv", samples.ALL[kind]))


async def test_the_export_lists_the_period_one_row_per_zone_in_order(
    exchange: BillingExchange, write_csv: WriteCsv, any_engine: AsyncEngine
) -> None:
    await load_samples(exchange, write_csv)
    # Sent through the bot late on 24 February Moscow time, counted for February.
    await add_bot_reading(
        any_engine, "34512876", "T", "12510.5", datetime(2025, 2, 24, 20, 30, tzinfo=UTC), "2025-02"
    )
    # The same value sent twice the same day: one row in the export.
    await add_bot_reading(
        any_engine, "34512876", "T", "12510.5", datetime(2025, 2, 24, 20, 35, tzinfo=UTC), "2025-02"
    )

    count, text = await export(exchange, "2025-02")

    assert text.splitlines() == [
        HEADER,
        "260100000001,34512876,T,2025-02-22,12502,import,accepted",
        "260100000001,34512876,T,2025-02-24,12510.5,bot,accepted",
        "260100000002,011234567,T1,2025-02-20,4501.25,import,accepted",
        "260100000002,011234567,T2,2025-02-20,1700,import,pending",
    ]
    assert count == 4


async def test_a_period_without_readings_exports_the_header_only(
    exchange: BillingExchange, write_csv: WriteCsv
) -> None:
    await load_samples(exchange, write_csv)

    assert await export(exchange, "2024-06") == (0, HEADER + "\n")


async def test_the_export_imports_back_without_changes(
    exchange: BillingExchange, write_csv: WriteCsv, any_engine: AsyncEngine
) -> None:
    await load_samples(exchange, write_csv)
    await add_bot_reading(
        any_engine,
        "011234567",
        "T1",
        "4620.7",
        datetime(2025, 2, 25, 21, 10, tzinfo=UTC),
        "2025-02",
    )
    _, text = await export(exchange, "2025-02")
    before = await snapshot(any_engine)

    summary = await exchange.import_file("readings", write_csv("export.csv", text))

    assert (summary.rows, summary.inserted, summary.updated, summary.unchanged) == (4, 0, 0, 4)
    assert await snapshot(any_engine) == before


async def test_the_export_loads_into_another_database_as_the_same_readings(
    exchange: BillingExchange, write_csv: WriteCsv, tmp_path: Path
) -> None:
    await load_samples(exchange, write_csv)
    _, text = await export(exchange, "2025-02")
    other_engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'other.db'}")
    await ensure_schema(other_engine)
    other = exchange_on(other_engine)
    for kind in ("accounts", "meters"):
        await other.import_file(kind, write_csv(f"{kind}.csv", samples.ALL[kind]))

    summary = await other.import_file("readings", write_csv("export.csv", text))

    assert summary.inserted == 3
    assert await export(other, "2025-02") == (3, text)
    await other_engine.dispose()
