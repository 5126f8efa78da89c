"""What the loader needs of each file kind: columns, parsing, a natural key, checks and loading."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Generic, NamedTuple, Protocol, TypeVar
from zoneinfo import ZoneInfo

from sqlalchemy import Table

from core.exchange.problems import RowProblem
from core.exchange.store import ExchangeStore

Record = TypeVar("Record")

# Billing sends days, the cabinet keeps moments: a day becomes its local noon, which no
# time-zone shift can move into a neighbouring day.
NOON = time(12, 0)


@dataclass(frozen=True, slots=True)
class ImportContext:
    tz: ZoneInfo
    now: datetime

    def noon_utc(self, day: date) -> datetime:
        return datetime.combine(day, NOON, tzinfo=self.tz).astimezone(ZoneInfo("UTC"))

    def local_day(self, moment: datetime) -> date:
        return moment.astimezone(self.tz).date()


class Numbered(NamedTuple, Generic[Record]):
    line: int
    record: Record


@dataclass(slots=True)
class LoadCounts:
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0

    def add(self, other: LoadCounts) -> None:
        self.inserted += other.inserted
        self.updated += other.updated
        self.unchanged += other.unchanged


class Kind(Protocol[Record]):
    """One kind of billing file. `begin_pass` is called before each read of the file."""

    name: str
    columns: tuple[str, ...]
    table: Table

    def begin_pass(self) -> None: ...

    def parse(self, values: Sequence[str]) -> Record:
        """The row as a record, or FieldError naming what is wrong."""
        ...

    def key(self, record: Record) -> Hashable:
        """The natural key: two rows of one file with the same key are an error."""
        ...

    async def check(self, store: ExchangeStore, batch: list[Numbered[Record]]) -> list[RowProblem]:
        """Problems that need the database: unknown accounts, meters, zones."""
        ...

    async def load(
        self, store: ExchangeStore, batch: list[Record], table_was_empty: bool
    ) -> LoadCounts:
        """Inserts new rows, updates changed ones; never called with a bad row.

        `table_was_empty`: the table had no rows before this import, so (keys being unique
        within the file) no row of the batch can exist yet and the look-up is skipped.
        """
        ...
