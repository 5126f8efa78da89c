"""The billing exchange as the CLI and the demo use it: import a kind of file, export readings."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, TextIO

from core.clock import Clock
from core.exchange.accounts import AccountsKind
from core.exchange.charges import ChargesKind
from core.exchange.csv_source import SourceRow, read_csv
from core.exchange.export import export_readings
from core.exchange.fields import FieldError, required_period
from core.exchange.kind import ImportContext, Kind
from core.exchange.loader import BATCH_SIZE, ImportSummary, import_rows
from core.exchange.meters import MetersKind
from core.exchange.outages import OutagesKind
from core.exchange.payments import PaymentsKind
from core.exchange.problems import RowProblem
from core.exchange.readings import ReadingsKind
from core.outages.notices import OutageNotices
from core.ports import UnitOfWorkFactory
from core.settings import Settings

KINDS: dict[str, Callable[[ImportContext], Kind[Any]]] = {
    "accounts": AccountsKind,
    "meters": MetersKind,
    "readings": ReadingsKind,
    "charges": ChargesKind,
    "payments": PaymentsKind,
    "outages": OutagesKind,
}


class BillingExchange:
    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        clock: Clock,
        settings: Settings,
        batch_size: int = BATCH_SIZE,
    ) -> None:
        """`batch_size`: rows checked and written together; memory holds one batch."""
        self._uow_factory = uow_factory
        self._clock = clock
        self._settings = settings
        self._batch_size = batch_size

    async def import_file(self, kind: str, path: Path) -> ImportSummary:
        """Loads a CSV file of `kind` entirely, or raises ImportRejected and loads nothing."""
        importer = self._kind(kind)
        summary = await import_rows(
            importer, lambda: read_csv(path, importer.columns), self._uow_factory, self._batch_size
        )
        if kind == "outages":  # what the new schedule makes due is told at once
            await OutageNotices(self._uow_factory, self._clock, self._settings).run()
        return summary

    async def import_records(self, kind: str, records: Iterable[Sequence[str]]) -> ImportSummary:
        """Loads rows of texts in the kind's column order, as if from a file (data on line 2 on).

        `records` may be read again (to confirm repeated keys): pass a list, not a generator.
        """
        importer = self._kind(kind)

        def rows() -> Iterable[SourceRow | RowProblem]:
            yield from enumerate(records, start=2)

        summary = await import_rows(importer, rows, self._uow_factory, self._batch_size)
        if kind == "outages":
            await OutageNotices(self._uow_factory, self._clock, self._settings).run()
        return summary

    async def export_readings(self, period: str, out: TextIO) -> int:
        """Writes the readings of `period` (YYYY-MM) as a `readings` file; returns rows written."""
        check_period(period)
        return await export_readings(self._uow_factory, self._settings.tz, period, out)

    def _kind(self, kind: str) -> Kind[Any]:
        if kind not in KINDS:
            raise ValueError(f"unknown kind {kind!r}; one of {', '.join(KINDS)}")
        return KINDS[kind](ImportContext(tz=self._settings.tz, now=self._clock.now()))


def check_period(period: str) -> None:
    """Raises ValueError unless `period` is a month YYYY-MM."""
    try:
        required_period(period, "period")
    except FieldError as error:
        raise ValueError(str(error)) from None
