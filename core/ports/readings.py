"""The repository of meter readings."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any, Protocol

from core.entities.readings import Reading


class Readings(Protocol):
    async def insert(self, rows: Sequence[dict[str, Any]]) -> None:
        """Writes the rows (a submission's zones) at once, in the caller's transaction."""
        ...

    async def of_account(self, reading_id: int, account_id: int) -> Reading | None:
        """The reading when it belongs to a meter of the account, else None."""
        ...

    async def by_submission_key(self, submission_key: str) -> Sequence[Reading]: ...

    async def last_accepted(
        self, meter_id: int, zone: str, excluding: Collection[int] = ()
    ) -> Reading | None:
        """The newest accepted value of a zone, leaving out the readings `excluding` names."""
        ...

    async def monthly_consumption(self, meter_id: int, zone: str, months: int) -> Sequence[Decimal]:
        """Accepted consumption of a zone summed per period, for the newest `months` periods."""
        ...

    async def standing_between(
        self, meter_id: int, start: datetime, end: datetime
    ) -> Sequence[Reading]:
        """Readings of a meter taken in [start, end) that were not rejected."""
        ...

    async def accepted_in_periods(
        self, meter_ids: Collection[int], periods: Collection[str]
    ) -> Sequence[Reading]:
        """Accepted readings of the meters counted for the periods, oldest first."""
        ...

    async def count_for_account(self, account_id: int, meter_id: int | None = None) -> int: ...

    async def page_for_account(
        self, account_id: int, meter_id: int | None, *, offset: int, limit: int
    ) -> Sequence[tuple[Reading, str]]:
        """Readings with their meter's serial, newest first; id keeps the zones of one moment in order."""
        ...
