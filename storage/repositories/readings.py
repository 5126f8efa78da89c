"""Readings: the last accepted value per zone, usual consumption, submissions and history."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any, cast

from sqlalchemy import ColumnElement, Table, bindparam, func, insert, select

from core.enums import ReadingStatus
from storage.models import Meter, Reading
from storage.repositories.base import Repository

# The statements every submission runs are built once: building one costs more than running it.
_INSERT = insert(cast(Table, Reading.__table__))
_ACCEPTED = Reading.status == ReadingStatus.ACCEPTED.value
_BY_SUBMISSION_KEY = (
    select(Reading).where(Reading.submission_key == bindparam("key")).order_by(Reading.id)
)
# The newest accepted value of a zone, walking the (meter_id, zone, taken_at) index.
_LAST_ACCEPTED = (
    select(Reading)
    .where(Reading.meter_id == bindparam("meter_id"), Reading.zone == bindparam("zone"), _ACCEPTED)
    .order_by(Reading.taken_at.desc(), Reading.id.desc())
    .limit(1)
)
_LAST_ACCEPTED_EXCLUDING = _LAST_ACCEPTED.where(
    Reading.id.not_in(bindparam("excluding", expanding=True))
)
_MONTHLY_CONSUMPTION = (
    select(func.sum(Reading.consumption))
    .where(
        Reading.meter_id == bindparam("meter_id"),
        Reading.zone == bindparam("zone"),
        _ACCEPTED,
        Reading.consumption.is_not(None),
    )
    .group_by(Reading.period)
    .order_by(Reading.period.desc())
    .limit(bindparam("months"))
)
_STANDING_BETWEEN = (
    select(Reading)
    .where(
        Reading.meter_id == bindparam("meter_id"),
        Reading.taken_at >= bindparam("start"),
        Reading.taken_at < bindparam("end"),
        Reading.status != ReadingStatus.REJECTED.value,
    )
    .order_by(Reading.id)
)


class ReadingsRepository(Repository):
    async def insert(self, rows: Sequence[dict[str, Any]]) -> None:
        """Writes the rows (a submission's zones) at once, in the caller's transaction."""
        await self.session.execute(_INSERT, list(rows))

    async def of_account(self, reading_id: int, account_id: int) -> Reading | None:
        """The reading when it belongs to a meter of the account, else None."""
        query = (
            select(Reading)
            .join(Meter, Meter.id == Reading.meter_id)
            .where(Reading.id == reading_id, Meter.account_id == account_id)
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
                Reading.meter_id.in_(meter_ids),
                Reading.period.in_(periods),
                Reading.status == ReadingStatus.ACCEPTED.value,
            )
            .order_by(Reading.taken_at, Reading.id)
        )
        return (await self.session.scalars(query)).all()

    async def count_for_account(self, account_id: int, meter_id: int | None = None) -> int:
        query = (
            select(func.count(Reading.id))
            .join(Meter, Meter.id == Reading.meter_id)
            .where(*_of_account(account_id, meter_id))
        )
        return int(await self.session.scalar(query) or 0)

    async def page_for_account(
        self, account_id: int, meter_id: int | None, *, offset: int, limit: int
    ) -> Sequence[tuple[Reading, str]]:
        """Readings with their meter's serial, newest first; id keeps the zones of one moment in order."""
        query = (
            select(Reading, Meter.serial)
            .join(Meter, Meter.id == Reading.meter_id)
            .where(*_of_account(account_id, meter_id))
            .order_by(Reading.taken_at.desc(), Reading.meter_id, Reading.zone, Reading.id)
            .offset(offset)
            .limit(limit)
        )
        return [(reading, serial) for reading, serial in (await self.session.execute(query)).all()]


def _of_account(account_id: int, meter_id: int | None) -> list[ColumnElement[bool]]:
    conditions = [Meter.account_id == account_id]
    if meter_id is not None:
        conditions.append(Reading.meter_id == meter_id)
    return conditions
