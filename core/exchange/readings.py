"""`readings` file: one zone's value of a meter on a day.

Natural key: (meter, zone, taken_on day, source, value). A reading is a fact that does not
change; only its status does (billing accepts or rejects it), so status is what an update sets.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, NamedTuple

from core.entities.entity import Entity
from core.entities.readings import Reading
from core.enums import ReadingSource, ReadingStatus
from core.exchange.accounts import parse_account_number
from core.exchange.fields import (
    FieldError,
    required_choice,
    required_date,
    required_decimal,
    required_text,
)
from core.exchange.kind import Batch, ImportContext, LoadState
from core.exchange.problems import RowProblem
from core.ports import UnitOfWork
from core.ports.exchange import Exchange, StoredRow
from core.readings.periods import period_of

COLUMNS = ("account_number", "serial", "zone", "taken_on", "value", "source", "status")
ZONES = ("T", "T1", "T2", "T3")
VALUE_PLACES = 3
INSERTED_COLUMNS = (
    "meter_id",
    "zone",
    "value",
    "taken_at",
    "period",
    "source",
    "status",
    "created_at",
)

StoredKey = tuple[int, str, date, str, Decimal]


class ReadingRecord(NamedTuple):
    account_number: str
    serial: str
    zone: str
    taken_on: date
    value: Decimal
    source: ReadingSource
    status: ReadingStatus


class ReadingsKind:
    name: str = "readings"
    columns: tuple[str, ...] = COLUMNS
    entity: type[Entity] = Reading

    def __init__(self, context: ImportContext) -> None:
        self.context = context

    def begin_pass(self) -> None:
        pass

    def parse(self, values: Sequence[str]) -> ReadingRecord:
        number, serial, zone, taken_on, value, source, status = values
        zone = zone.strip()
        if zone not in ZONES:
            raise FieldError(f"zone {zone!r} is not one of {', '.join(ZONES)}")
        return ReadingRecord(
            account_number=parse_account_number(number),
            serial=required_text(serial, "serial", 40),
            zone=zone,
            taken_on=required_date(taken_on, "taken_on"),
            value=required_decimal(value, "value", places=VALUE_PLACES),
            source=required_choice(source, "source", ReadingSource),
            status=required_choice(status, "status", ReadingStatus),
        )

    def key(self, record: ReadingRecord) -> tuple[str, str, str, date, str, Decimal]:
        # Decimal("12.5") and Decimal("12.50") are equal and hash alike: one value.
        return (
            record.account_number,
            record.serial,
            record.zone,
            record.taken_on,
            record.source,
            record.value,
        )

    async def load(
        self, uow: UnitOfWork, batch: Batch[ReadingRecord], state: LoadState
    ) -> list[RowProblem]:
        store = uow.exchange
        meters = await store.meters_by_account_number([r.account_number for r in batch.records])
        problems = _unknown_meters_and_zones(batch, meters)
        if problems or not state.writing:
            return problems
        meter_ids = [meters[(r.account_number, r.serial)].id for r in batch.records]
        existing = (
            {} if state.table_was_empty else await self._stored(store, batch.records, meter_ids)
        )
        inserts: list[tuple[Any, ...]] = []
        updates: list[tuple[str, int]] = []
        for meter_id, record in zip(meter_ids, batch.records, strict=True):
            key = (meter_id, record.zone, record.taken_on, record.source.value, record.value)
            stored = existing.get(key)
            if stored is None:
                inserts.append(self._new_row(meter_id, record))
            elif stored.status != record.status:
                updates.append((record.status.value, stored.id))
        await store.insert_many(Reading, INSERTED_COLUMNS, inserts)
        await store.update_many(Reading, ("status",), updates)
        state.counts.inserted += len(inserts)
        state.counts.updated += len(updates)
        state.counts.unchanged += len(batch) - len(inserts) - len(updates)
        return []

    async def _stored(
        self, store: Exchange, batch: list[ReadingRecord], meter_ids: list[int]
    ) -> dict[StoredKey, StoredRow]:
        """Stored readings by key; of several on one key the latest stands for them."""
        # A local day lies within a day either side of its noon in UTC.
        since = self.context.noon_utc(min(record.taken_on for record in batch)) - timedelta(days=1)
        until = self.context.noon_utc(max(record.taken_on for record in batch)) + timedelta(days=1)
        rows = await store.readings_of_meters(set(meter_ids), since, until)
        by_key: dict[StoredKey, StoredRow] = {}
        for row in sorted(rows, key=lambda row: row.id):
            day = self.context.local_day(row.taken_at)
            by_key[(row.meter_id, row.zone, day, row.source, row.value)] = row
        return by_key

    def _new_row(self, meter_id: int, record: ReadingRecord) -> tuple[Any, ...]:
        return (
            meter_id,
            record.zone,
            record.value,
            self.context.noon_utc(record.taken_on),
            period_of(record.taken_on),
            record.source.value,
            record.status.value,
            self.context.now,
        )


def _unknown_meters_and_zones(
    batch: Batch[ReadingRecord], meters: dict[tuple[str, str], StoredRow]
) -> list[RowProblem]:
    problems: list[RowProblem] = []
    for line, record in batch.numbered():
        meter = meters.get((record.account_number, record.serial))
        if meter is None:
            message = f"account {record.account_number} has no meter {record.serial}"
        elif record.zone not in meter.zones.split(";"):
            message = f"zone {record.zone} is not a zone of meter {record.serial} ({meter.zones})"
        elif record.value >= 10**meter.digits and record.status != ReadingStatus.REJECTED:
            # A rejected reading may be the very typo it was rejected for; it stays a record.
            message = f"value {record.value} does not fit the meter's {meter.digits} digits"
        else:
            continue
        problems.append(RowProblem(line, message))
    return problems
