"""Rows of a billing CSV file (UTF-8 with or without BOM, comma, header row), streamed."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from core.exchange.problems import RowProblem

SourceRow = tuple[int, Sequence[str]]
"""A data row: the line it starts on and its fields in the kind's column order, whatever the
file's order was. A plain tuple: a million rows make a million of them."""


def read_csv(path: Path, columns: Sequence[str]) -> Iterator[SourceRow | RowProblem]:
    """Yields each data row with the line it starts on, or a problem for a row that is malformed.

    A wrong header is one problem on line 1 and ends the file: no row could be read right.
    """
    with path.open(encoding="utf-8-sig", newline="") as stream:
        yield from _rows(stream, columns)


def read_csv_text(text: str, columns: Sequence[str]) -> Iterator[SourceRow | RowProblem]:
    """`read_csv` for a file already read (the company's small files)."""
    yield from _rows(io.StringIO(text.removeprefix("\ufeff"), newline=""), columns)


def _rows(stream: Iterable[str], columns: Sequence[str]) -> Iterator[SourceRow | RowProblem]:
    reader = csv.reader(stream)
    line = 1
    try:
        header = next(reader, None)
        if header is None:
            yield RowProblem(1, "the file is empty: a header row is expected")
            return
        header_problem = _check_header([name.strip() for name in header], columns)
        if header_problem:
            yield RowProblem(1, header_problem)
            return
        order = [[name.strip() for name in header].index(column) for column in columns]
        in_order = order == list(range(len(columns)))
        line = reader.line_num + 1
        for values in reader:
            if len(values) == len(columns):
                yield line, (values if in_order else [values[i] for i in order])
            elif values:  # a blank line reads as no values and is skipped
                yield RowProblem(line, f"expected {len(columns)} fields, found {len(values)}")
            line = reader.line_num + 1
    except UnicodeDecodeError:
        yield RowProblem(line, "the file is not valid UTF-8 from here on")
    except csv.Error as error:
        yield RowProblem(line, f"the CSV is malformed here: {error}")


def _check_header(names: list[str], columns: Sequence[str]) -> str | None:
    missing = [column for column in columns if column not in names]
    unknown = [name for name in names if name not in columns]
    if missing or unknown or len(set(names)) != len(names):
        return (
            f"the header must be {','.join(columns)}"
            + (f"; missing: {','.join(missing)}" if missing else "")
            + (f"; unknown: {','.join(unknown)}" if unknown else "")
        )
    return None
