"""What the loader needs of each file kind: columns, parsing, a natural key and loading."""

from __future__ import annotations

from collections.abc import Hashable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from functools import lru_cache
from typing import Generic, Protocol, TypeVar
from zoneinfo import ZoneInfo

from core.entities.entity import Entity
from core.exchange.problems import RowProblem
from core.ports import UnitOfWork

Record = TypeVar("Record")

# Billing sends days, the cabinet keeps moments: a day becomes its local noon, which no
# time-zone shift can move into a neighbouring day.
NOON = time(12, 0)


@dataclass(frozen=True, slots=True)
class ImportContext:
    tz: ZoneInfo
    now: datetime

    def noon_utc(self, day: date) -> datetime:
        return _noon_utc(day, self.tz)

    def local_day(self, moment: datetime) -> date:
        return moment.astimezone(self.tz).date()


@lru_cache(maxsize=4096)
def _noon_utc(day: date, tz: ZoneInfo) -> datetime:
    """Cached: a file's rows share few distinct days."""
    return datetime.combine(day, NOON, tzinfo=tz).astimezone(ZoneInfo("UTC"))


@dataclass(slots=True)
class Batch(Generic[Record]):
    """Parsed rows and the lines they start on, side by side (no object per row)."""

    lines: list[int] = field(default_factory=list)
    records: list[Record] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.records)

    def numbered(self) -> Iterator[tuple[int, Record]]:
        return zip(self.lines, self.records, strict=True)


@dataclass(slots=True)
class LoadCounts:
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    cancelled: int = 0  # outages a new schedule no longer names


@dataclass(slots=True)
class LoadState:
    """One import's progress. `table_was_empty`: the table had no rows before the import, so
    (keys being unique within the file) no row can exist yet and look-ups are skipped.
    `writing` turns off at the first bad row: the rest of the file is only checked."""

    table_was_empty: bool
    writing: bool = True
    counts: LoadCounts = field(default_factory=LoadCounts)


class Kind(Protocol[Record]):
    """One kind of billing file. `begin_pass` is called before each read of the file."""

    name: str
    columns: tuple[str, ...]
    entity: type[Entity]

    def begin_pass(self) -> None: ...

    def parse(self, values: Sequence[str]) -> Record:
        """The row as a record, or FieldError naming what is wrong."""
        ...

    def key(self, record: Record) -> Hashable:
        """The natural key: two rows of one file with the same key are an error."""
        ...

    async def load(
        self, uow: UnitOfWork, batch: Batch[Record], state: LoadState
    ) -> list[RowProblem]:
        """Checks the batch against the database (unknown accounts, meters, zones) and returns
        its problems. A batch without problems is written when `state.writing`: new keys
        inserted, changed rows updated, each counted in `state.counts`."""
        ...
