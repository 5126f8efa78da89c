"""SQLite run on the event loop's own thread, behind the coroutine API of aiosqlite that
SQLAlchemy's aiosqlite dialect drives.

aiosqlite hands every call (execute, fetch, close, commit) to a thread of its own and wakes the
event loop when it is done: three thread hops per statement, over half a millisecond of CPU,
while SQLite answers the bot's indexed statements in microseconds from the page cache. Here a
statement runs where it is awaited. A long statement (an import's batch) holds up the loop for
its length: the bot runs on SQLite for a pilot; production runs on PostgreSQL.

SQLite's busy handler would sleep on the loop's thread while another process (a `cabinet`
command) writes. The connection has no busy timeout instead, and a statement refused with
SQLITE_BUSY is tried again after an asyncio sleep, until the timeout has passed.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Awaitable, Callable, Iterable, Sequence
from typing import Any, Self

from sqlalchemy.dialects.sqlite.aiosqlite import SQLiteDialect_aiosqlite
from sqlalchemy.engine import URL

# Refusals that a later try can get past; SQLITE_BUSY_SNAPSHOT cannot (the transaction read a
# snapshot another writer has moved past) and fails at once, as with SQLite's own handler.
_RETRIED = {sqlite3.SQLITE_BUSY, 261}  # SQLITE_BUSY_RECOVERY
_FIRST_PAUSE = 0.001
_LONGEST_PAUSE = 0.05


def inline_connector(url: URL, busy_timeout: float) -> Callable[[], Awaitable[InlineConnection]]:
    """The `async_creator` of an engine: opens the database `url` names (its query options
    applied as the aiosqlite dialect applies them)."""
    (database,), options = SQLiteDialect_aiosqlite().create_connect_args(url)
    options = {**options, "timeout": 0, "check_same_thread": False}

    async def connect() -> InlineConnection:
        return InlineConnection(sqlite3.connect(database, **options), busy_timeout)

    return connect


class InlineConnection:
    """What SQLAlchemy's aiosqlite dialect uses of `aiosqlite.Connection`."""

    def __init__(self, connection: sqlite3.Connection, busy_timeout: float) -> None:
        self._connection: sqlite3.Connection | None = connection
        self._busy_timeout = busy_timeout
        self._tx = _RunAtOnce()  # the dialect's isolation-level setter queues its change here

    @property
    def _conn(self) -> sqlite3.Connection:
        if self._connection is None:
            raise ValueError("no active connection")
        return self._connection

    @property
    def isolation_level(self) -> str | None:
        return self._conn.isolation_level

    def cursor(self) -> InlineCursor:
        return InlineCursor(self, self._conn.cursor())

    async def commit(self) -> None:
        await self.run(self._conn.commit)

    async def rollback(self) -> None:
        await self.run(self._conn.rollback)

    async def create_function(self, *args: Any, **kwargs: Any) -> None:
        self._conn.create_function(*args, **kwargs)

    async def close(self) -> None:
        self.stop()

    def stop(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    async def run(self, call: Callable[..., Any], *args: Any) -> Any:
        """`call(*args)`, tried again while another connection holds the lock it needs."""
        pause, waited = _FIRST_PAUSE, 0.0
        while True:
            try:
                return call(*args)
            except sqlite3.OperationalError as error:
                code = getattr(error, "sqlite_errorcode", None)  # None: raised by Python's module
                if code not in _RETRIED or waited >= self._busy_timeout:
                    raise
            await asyncio.sleep(pause)
            waited += pause
            pause = min(pause * 2, _LONGEST_PAUSE)


class InlineCursor:
    """What the dialect uses of `aiosqlite.Cursor`, server-side iteration included."""

    def __init__(self, connection: InlineConnection, cursor: sqlite3.Cursor) -> None:
        self._connection = connection
        self._cursor = cursor

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *_: object) -> None:
        await self.close()

    @property
    def description(self) -> Any:
        return self._cursor.description

    @property
    def rowcount(self) -> int:
        return self._cursor.rowcount

    @property
    def lastrowid(self) -> int | None:
        return self._cursor.lastrowid

    @property
    def arraysize(self) -> int:
        return self._cursor.arraysize

    @arraysize.setter
    def arraysize(self, value: int) -> None:
        self._cursor.arraysize = value

    async def execute(self, sql: str, parameters: Sequence[Any] | dict[str, Any] = ()) -> Self:
        await self._connection.run(self._cursor.execute, sql, parameters)
        return self

    async def executemany(self, sql: str, parameters: Iterable[Any]) -> Self:
        rows = list(parameters)  # a second try must see every row again
        await self._connection.run(self._cursor.executemany, sql, rows)
        return self

    async def fetchone(self) -> Any:
        return self._cursor.fetchone()

    async def fetchmany(self, size: int | None = None) -> list[Any]:
        return self._cursor.fetchmany(self._cursor.arraysize if size is None else size)

    async def fetchall(self) -> list[Any]:
        return self._cursor.fetchall()

    async def close(self) -> None:
        self._cursor.close()

    def __aiter__(self) -> Self:
        return self

    async def __anext__(self) -> Any:
        row = self._cursor.fetchone()
        if row is None:
            raise StopAsyncIteration
        return row


class _RunAtOnce:
    """Stands for aiosqlite's queue of calls: a call put in it runs at once."""

    def put_nowait(self, item: tuple[asyncio.Future[Any] | None, Callable[[], Any]]) -> None:
        future, call = item
        try:
            result = call()
        except Exception as error:
            if future is not None:
                future.set_exception(error)
            return
        if future is not None:
            future.set_result(result)
