"""Readings: the last accepted value per zone, usual consumption, submissions and history."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, bindparam, func, insert, select

from core.entities.meters import Meter
from core.entities.readings import Reading
from core.enums import ReadingStatus
from storage.conflicts import conflicts_as_already_stored
from storage.models import meters_table, readings_table
from storage.repositories.base import Repository

# The statements every submission runs are built once: building one costs more than running it.
_INSERT = insert(readings_table)
_ACCEPTED = readings_table.c.status == ReadingStatus.ACCEPTED.value
_BY_SUBMISSION_KEY = (
    select(Reading)
    .where(readings_table.c.submission_key == bindparam("key"))
    .order_by(readings_table.c.id)
)
# The newest accepted value of a zone, walking the (meter_id, zone, taken_at) index.
_LAST_ACCEPTED = (
    select(Reading)
    .where(
        readings_table.c.meter_id == bindparam("meter_id"),
        readings_table.c.zone == bindparam("zone"),
        _ACCEPTED,
    )
    .order_by(readings_table.c.taken_at.desc(), readings_table.c.id.desc())
    .limit(1)
)
_LAST_ACCEPTED_EXCLUDING = _LAST_ACCEPTED.where(
    readings_table.c.id.not_in(bindparam("excluding", expanding=True))
)
_MONTHLY_CONSUMPTION = (
    select(func.sum(readings_table.c.consumption))
    .where(
        readings_table.c.meter_id == bindparam("meter_id"),
        readings_table.c.zone == bindparam("zone"),
        _ACCEPTED,
        readings_table.c.consumption.is_not(None),
    )
    .group_by(readings_table.c.period)
    .order_by(readings_table.c.period.desc())
    .limit(bindparam("months"))
)
_STANDING_BETWEEN = (
    select(Reading)
    .where(
        readings_table.c.meter_id == bindparam("meter_id"),
        readings_table.c.taken_at >= bindparam("start"),
        readings_table.c.taken_at < bindparam("end"),
        readings_table.c.status != ReadingStatus.REJECTED.value,
    )
    .order_by(readings_table.c.id)
)


class ReadingsRepository(Repository):
    async def insert(self, rows: Sequence[dict[str, Any]]) -> None:
        """Writes the rows (a submission's zones) at once, in the caller's transaction."""
        with conflicts_as_already_stored():
            await self.session.execute(_INSERT, list(rows))

    async def of_account(self, reading_id: int, account_id: int) -> Reading | None:
        """The reading when it belongs to a meter of the account, else None."""
        query = (
            select(Reading)
            .join(Meter, meters_table.c.id == readings_table.c.meter_id)
            .where(readings_table.c.id == reading_id, meters_table.c.account_id == account_id)
        )
        return (await self.session.scalars(query)).one_or_none()

    async def by_submission_key(self, submission_key: str) -> Sequence[Reading]:
        return (await self.session.scalars(_BY_SUBMISSION_KEY, {"key": submission_key})).all()

    async def last_accepted(
        self, meter_id: int, zone: str, excluding: Collection[int] = ()
    ) -> Reading | None:
        """The newest accepted value of a zone, leaving out the readings `excluding` names."""
        if excluding:
            parameters = {"meter_id": meter_id, "zone": zone, "excluding": list(excluding)}
            return await self.session.scalar(_LAST_ACCEPTED_EXCLUDING, parameters)
        return await self.session.scalar(_LAST_ACCEPTED, {"meter_id": meter_id, "zone": zone})

    async def monthly_consumption(self, meter_id: int, zone: str, months: int) -> Sequence[Decimal]:
        """Accepted consumption of a zone summed per period, for the newest `months` periods."""
        parameters = {"meter_id": meter_id, "zone": zone, "months": months}
        totals = (await self.session.scalars(_MONTHLY_CONSUMPTION, parameters)).all()
        return [Decimal(total) for total in totals if total is not None]

    async def standing_between(
        self, meter_id: int, start: datetime, end: datetime
    ) -> Sequence[Reading]:
        """Readings of a meter taken in [start, end) that were not rejected."""
        parameters = {"meter_id": meter_id, "start": start, "end": end}
        return (await self.session.scalars(_STANDING_BETWEEN, parameters)).all()

    async def accepted_in_periods(
        self, meter_ids: Collection[int], periods: Collection[str]
    ) -> Sequence[Reading]:
        """Accepted readings of the meters counted for the periods, oldest first."""
        if not meter_ids or not periods:
            return []
        query = (
            select(Reading)
            .where(
                readings_table.c.meter_id.in_(meter_ids),
                readings_table.c.period.in_(periods),
                readings_table.c.status == ReadingStatus.ACCEPTED.value,
            )
            .order_by(readings_table.c.taken_at, readings_table.c.id)
        )
        return (await self.session.scalars(query)).all()

    async def count_for_account(self, account_id: int, meter_id: int | None = None) -> int:
        query = (
            select(func.count(readings_table.c.id))
            .join(Meter, meters_table.c.id == readings_table.c.meter_id)
            .where(*_of_account(account_id, meter_id))
        )
        return int(await self.session.scalar(query) or 0)

    async def page_for_account(
        self, account_id: int, meter_id: int | None, *, offset: int, limit: int
    ) -> Sequence[tuple[Reading, str]]:
        """Readings with their meter's serial, newest first; id keeps the zones of one moment in order."""
        query = (
            select(Reading, meters_table.c.serial)
            .join(Meter, meters_table.c.id == readings_table.c.meter_id)
            .where(*_of_account(account_id, meter_id))
            .order_by(
                readings_table.c.taken_at.desc(),
                readings_table.c.meter_id,
                readings_table.c.zone,
                readings_table.c.id,
            )
            .offset(offset)
            .limit(limit)
        )
        return [(reading, serial) for reading, serial in (await self.session.execute(query)).all()]


def _of_account(account_id: int, meter_id: int | None) -> list[ColumnElement[bool]]:
    conditions = [meters_table.c.account_id == account_id]
    if meter_id is not None:
        conditions.append(readings_table.c.meter_id == meter_id)
    return conditions
