"""Importing a billing file: one pass that checks every row and loads it in one transaction.

Rows are parsed, checked against the database and written batch by batch. The first bad row
stops the writing but not the checking, so the whole file's problems are reported; then the
transaction is rolled back and nothing of the file stays. Keys repeated within the file are
found through an 8-byte fingerprint per key, so memory holds one batch and the fingerprints.
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
from core.exchange.kind import Batch, Kind, LoadState
from core.exchange.problems import ImportRejected, RowProblem
from core.ports import UnitOfWork, UnitOfWorkFactory

BATCH_SIZE = 20_000
MAX_PROBLEMS_KEPT = 1000

RowSource = Callable[[], Iterable[SourceRow | RowProblem]]
"""Gives a fresh iterator over the rows each time it is called: a rejected file is read again
to confirm its repeated keys."""


@dataclass(frozen=True, slots=True)
class ImportSummary:
    kind: str
    rows: int
    inserted: int
    updated: int
    unchanged: int
    seconds: float
    cancelled: int = 0


async def import_rows(
    kind: Kind[Any],
    rows: RowSource,
    uow_factory: UnitOfWorkFactory,
    batch_size: int = BATCH_SIZE,
) -> ImportSummary:
    """Loads every row or none: raises ImportRejected listing the bad lines."""
    started = time.perf_counter()
    with _fewer_garbage_collections():
        async with uow_factory() as uow:
            table_was_empty = await uow.exchange.is_empty(kind.entity)
            state = LoadState(table_was_empty)
            total = await _check_and_load(kind, rows, uow, state, batch_size, watch_repeats=True)
            if not state.writing:
                # Two keys shared a fingerprint but were not the same key: start again,
                # the file being known to hold no repeats.
                await uow.rollback()
                state = LoadState(table_was_empty)
                await _check_and_load(kind, rows, uow, state, batch_size, watch_repeats=False)
            finish = getattr(kind, "finish", None)  # a kind whose file is the whole set
            if finish is not None:
                await finish(uow, state)
            await uow.commit()
    return ImportSummary(
        kind=kind.name,
        rows=total,
        inserted=state.counts.inserted,
        updated=state.counts.updated,
        unchanged=state.counts.unchanged,
        cancelled=state.counts.cancelled,
        seconds=time.perf_counter() - started,
    )


async def _check_and_load(
    kind: Kind[Any],
    rows: RowSource,
    uow: UnitOfWork,
    state: LoadState,
    batch_size: int,
    *,
    watch_repeats: bool,
) -> int:
    """Reads the file once, writing while every row so far is good; returns the rows read or
    raises ImportRejected."""
    problems = _Problems()
    fingerprints: set[int] = set()
    suspects: set[int] = set()
    batch: Batch[Any] = Batch()
    total = 0
    parse, key = kind.parse, kind.key
    kind.begin_pass()
    for row in rows():
        total += 1
        if isinstance(row, RowProblem):
            problems.add(row)
            state.writing = False
            continue
        line, values = row
        try:
            record = parse(values)
        except FieldError as error:
            problems.add(RowProblem(line, str(error)))
            state.writing = False
            continue
        if watch_repeats:
            fingerprint = _fingerprint(key(record))
            if fingerprint in fingerprints:
                suspects.add(fingerprint)
                state.writing = False  # a repeat must not reach a unique index
            fingerprints.add(fingerprint)
        batch.lines.append(line)
        batch.records.append(record)
        if len(batch.records) >= batch_size:
            await _load(kind, uow, batch, state, problems)
            batch = Batch()
    if batch:
        await _load(kind, uow, batch, state, problems)
    if suspects:
        problems.extend(_repeated_keys(kind, rows, suspects))
    if problems.total:
        raise ImportRejected(problems.sorted(), problems.total)
    return total


async def _load(
    kind: Kind[Any],
    uow: UnitOfWork,
    batch: Batch[Any],
    state: LoadState,
    problems: _Problems,
) -> None:
    found = await kind.load(uow, batch, state)
    if found:
        problems.extend(found)
        state.writing = False


def _repeated_keys(kind: Kind[Any], rows: RowSource, suspects: set[int]) -> list[RowProblem]:
    """Confirms fingerprint clashes on the real keys and names the line each repeat follows."""
    first_line: dict[Hashable, int] = {}
    problems: list[RowProblem] = []
    kind.begin_pass()
    for row in rows():
        if isinstance(row, RowProblem):
            continue
        line, values = row
        try:
            key = kind.key(kind.parse(values))
        except FieldError:
            continue  # already reported
        if _fingerprint(key) not in suspects:
            continue
        if key in first_line:
            problems.append(RowProblem(line, f"repeats the row on line {first_line[key]}"))
        else:
            first_line[key] = line
    return problems


@contextmanager
def _fewer_garbage_collections() -> Iterator[None]:
    """A million rows make tens of millions of short-lived objects, and with the default
    thresholds the collector runs so often that it takes a third of the time."""
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
