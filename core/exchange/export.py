"""Export of the readings of a period in the `readings` import format.

One row per zone, sorted by account, serial, zone and day. Rows that share an import key (the
same value sent twice on one day from one source) are written once, the latest status winning,
so the file re-imports cleanly.
"""

from __future__ import annotations

import csv
from decimal import Decimal
from typing import Any, TextIO
from zoneinfo import ZoneInfo

from core.exchange.readings import COLUMNS
from core.ports import UnitOfWorkFactory


async def export_readings(
    uow_factory: UnitOfWorkFactory, tz: ZoneInfo, period: str, out: TextIO
) -> int:
    """Writes the period's readings to `out` as CSV with a header; returns the rows written."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    written = 0
    group: tuple[str, str, str] | None = None
    pending: dict[tuple[str, str, str], list[str]] = {}
    async with uow_factory() as uow:
        async for row in uow.exchange.readings_of_period(period):
            if (row.account_number, row.serial, row.zone) != group:
                written += _flush(writer, pending)
                group = (row.account_number, row.serial, row.zone)
            taken_on = row.taken_at.astimezone(tz).date().isoformat()
            value = format_value(row.value)
            pending[(taken_on, row.source, value)] = [
                row.account_number,
                row.serial,
                row.zone,
                taken_on,
                value,
                row.source,
                row.status,
            ]
    return written + _flush(writer, pending)


def format_value(value: Decimal) -> str:
    """Plain notation without trailing zeros: 12345.000 → 12345, 12345.500 → 12345.5."""
    return format(value.normalize(), "f")


def _flush(writer: Any, pending: dict[tuple[str, str, str], list[str]]) -> int:
    rows = sorted(pending.values(), key=lambda fields: fields[3])
    writer.writerows(rows)
    pending.clear()
    return len(rows)
