"""The SQL an engine runs while a block runs, for tests that count or explain statements."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine


@contextmanager
def recorded_statements(engine: AsyncEngine) -> Iterator[list[tuple[str, Any]]]:
    """Each statement with its parameters, in order."""
    statements: list[tuple[str, Any]] = []

    def record(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        statements.append((statement, parameters))

    event.listen(engine.sync_engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", record)


@contextmanager
def statement_words(engine: AsyncEngine, skip: str | None = None) -> Iterator[list[str]]:
    """The first word of each statement (SELECT, INSERT, …), leaving out those that mention
    `skip`."""
    words: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        if skip is None or skip not in statement:
            words.append(statement.split()[0].upper())

    event.listen(engine.sync_engine, "before_cursor_execute", record)
    try:
        yield words
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", record)
