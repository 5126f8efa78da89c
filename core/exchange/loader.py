"""Importing a billing file: validate all of it, then load all of it in one transaction.

Pass one parses every row, checks references against the database in batches and finds keys
repeated within the file; any problem rejects the file before a single write. Pass two reads the
file again and loads it batch by batch. Memory holds one batch and an 8-byte fingerprint per key.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Hashable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from core.exchange.csv_source import SourceRow
from core.exchange.fields import FieldError
from core.exchange.kind import Kind, LoadCounts, Numbered
from core.exchange.problems import ImportRejected, RowProblem
from core.exchange.store import ExchangeStore
from storage.uow import UnitOfWorkFactory

BATCH_SIZE = 5000
MAX_PROBLEMS_KEPT = 1000

RowSource = Callable[[], Iterable[SourceRow | RowProblem]]
"""Gives a fresh iterator over the rows each time it is called: the loader reads twice."""


@dataclass(frozen=True, slots=True)
class ImportSummary:
    kind: str
    rows: int
    inserted: int
    updated: int
    unchanged: int
    seconds: float


async def import_rows(
    kind: Kind[Any], rows: RowSource, uow_factory: UnitOfWorkFactory
) -> ImportSummary:
    """Loads every row or none: raises ImportRejected listing the bad lines."""
    started = time.perf_counter()
    with _fewer_garbage_collections():
        async with uow_factory() as uow:
            store = ExchangeStore(uow.session)
            total = await _validate(kind, rows, store)
            counts = LoadCounts()
            table_was_empty = await store.is_empty(kind.table)
            kind.begin_pass()
            for batch in _batches(_parsed(kind, rows)):
                records = [item.record for item in batch]
                counts.add(await kind.load(store, records, table_was_empty))
            await uow.commit()
    return ImportSummary(
        kind=kind.name,
        rows=total,
        inserted=counts.inserted,
        updated=counts.updated,
        unchanged=counts.unchanged,
        seconds=time.perf_counter() - started,
    )


async def _validate(kind: Kind[Any], rows: RowSource, store: ExchangeStore) -> int:
    problems = _Problems()
    fingerprints: set[int] = set()
    suspects: set[int] = set()
    batch: list[Numbered[Any]] = []
    total = 0
    kind.begin_pass()
    for row in rows():
        total += 1
        if isinstance(row, RowProblem):
            problems.add(row)
            continue
        try:
            record = kind.parse(row.values)
        except FieldError as error:
            problems.add(RowProblem(row.line, str(error)))
            continue
        fingerprint = _fingerprint(kind.key(record))
        if fingerprint in fingerprints:
            suspects.add(fingerprint)
        fingerprints.add(fingerprint)
        batch.append(Numbered(row.line, record))
        if len(batch) >= BATCH_SIZE:
            problems.extend(await kind.check(store, batch))
            batch = []
    if batch:
        problems.extend(await kind.check(store, batch))
    if suspects:
        problems.extend(_repeated_keys(kind, rows, suspects))
    if problems.total:
        raise ImportRejected(problems.sorted(), problems.total)
    return total


def _repeated_keys(kind: Kind[Any], rows: RowSource, suspects: set[int]) -> list[RowProblem]:
    """Confirms fingerprint clashes on the real keys and names the line each repeat follows."""
    first_line: dict[Hashable, int] = {}
    problems: list[RowProblem] = []
    kind.begin_pass()
    for row in rows():
        if isinstance(row, RowProblem):
            continue
        try:
            key = kind.key(kind.parse(row.values))
        except FieldError:
            continue  # already reported
        if _fingerprint(key) not in suspects:
            continue
        if key in first_line:
            problems.append(RowProblem(row.line, f"repeats the row on line {first_line[key]}"))
        else:
            first_line[key] = row.line
    return problems


def _parsed(kind: Kind[Any], rows: RowSource) -> Iterator[Numbered[Any]]:
    for row in rows():
        assert isinstance(row, SourceRow), "validated rows only"
        yield Numbered(row.line, kind.parse(row.values))


def _batches(items: Iterator[Numbered[Any]]) -> Iterator[list[Numbered[Any]]]:
    batch: list[Numbered[Any]] = []
    for item in items:
        batch.append(item)
        if len(batch) >= BATCH_SIZE:
            yield batch
            batch = []
    if batch:
        yield batch


@contextmanager
def _fewer_garbage_collections() -> Iterator[None]:
    """A million rows make tens of millions of short-lived objects, and with the default
    thresholds the collector runs so often that it takes a third of the validation pass."""
    thresholds = gc.get_threshold()
    gc.set_threshold(50_000, 20, 100)
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)


def _fingerprint(key: Hashable) -> int:
    # Python's own hash: stable within the process, which is all a fingerprint here needs.
    return hash(key)


class _Problems:
    """All problems are counted; the first MAX_PROBLEMS_KEPT by line are kept."""

    def __init__(self) -> None:
        self.total = 0
        self._kept: list[RowProblem] = []

    def add(self, problem: RowProblem) -> None:
        self.total += 1
        if len(self._kept) < MAX_PROBLEMS_KEPT:
            self._kept.append(problem)

    def extend(self, problems: Iterable[RowProblem]) -> None:
        for problem in problems:
            self.add(problem)

    def sorted(self) -> list[RowProblem]:
        return sorted(self._kept, key=lambda problem: problem.line)
