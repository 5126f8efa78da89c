"""Engine and session factory for SQLite (aiosqlite) or PostgreSQL (asyncpg)."""

from __future__ import annotations

import asyncio
import re
import time
from collections import Counter
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import DisconnectionError, SQLAlchemyError
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.pool import AsyncAdaptedQueuePool, ConnectionPoolEntry

import storage.models  # noqa: F401  (maps core's records before any session uses them)
from storage.sqlite_inline import inline_connector


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def create_engine(
    url: str, *, pool_size: int = 10, max_overflow: int = 10, **kwargs: Any
) -> AsyncEngine:
    """An engine with the pragmas SQLite needs to behave like a server database.

    A SQLite file gets one connection that units of work take in turn, first come first served
    (`_TurnTakingPool`), and runs its statements on the event loop's thread
    (`sqlite_inline`). SQLite writes one transaction at a time anyway; with a connection each,
    concurrent writers meet "database is locked" and sleep in SQLite's busy handler (tens of
    milliseconds, and the newest often wins, so a busy writer starves the others).

    A statement's values never appear in an error or a log line (`hide_parameters`): they are
    phones, e-mails, password hashes and what customers write, and a failed statement (SQLite
    locked, a constraint) is logged with its traceback.

    A server database's pool keeps `pool_size` connections open and opens up to `max_overflow`
    more in a burst, closing them when they come back: a busy worker that keeps needing more than
    it keeps pays a connection (TLS attempt, prepared statements) over and over."""
    kwargs["hide_parameters"] = True
    if not is_sqlite(url):
        engine = create_async_engine(url, pool_size=pool_size, max_overflow=max_overflow, **kwargs)
        _ping_when_idle(engine.sync_engine, PING_AFTER_IDLE_SECONDS)
        return engine
    parsed = make_url(url)
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        kwargs.setdefault("poolclass", _TurnTakingPool)
        kwargs.setdefault("pool_size", 1)
        kwargs.setdefault("max_overflow", 0)
        kwargs.setdefault("async_creator", inline_connector(parsed, BUSY_TIMEOUT_SECONDS))
    else:
        kwargs.setdefault("connect_args", {"timeout": BUSY_TIMEOUT_SECONDS})
    engine = create_async_engine(url, **kwargs)
    event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
    return engine


BUSY_TIMEOUT_SECONDS = 30
# A pooled server connection unused this long is checked before use (see _ping_when_idle).
PING_AFTER_IDLE_SECONDS = 2.0


def _ping_when_idle(engine: Engine, idle_seconds: float) -> None:
    """`pool_pre_ping`, for connections that sat in the pool `idle_seconds` or more: one that
    does not answer is replaced before the unit of work gets it. A connection taken back at
    once (a busy bot takes one every few milliseconds, several per update) is used without the
    round trip; if the server went away meanwhile, the first statement's disconnect error makes
    the pool replace every connection older than it, as after a failed ping."""

    def checked_in(_dbapi_connection: Any, record: ConnectionPoolEntry) -> None:
        record.info["returned_at"] = time.monotonic()

    def checked_out(dbapi_connection: Any, record: ConnectionPoolEntry, _proxy: Any) -> None:
        returned_at = record.info.get("returned_at")
        if returned_at is None or time.monotonic() - returned_at < idle_seconds:
            return  # new, or used a moment ago
        try:
            engine.dialect.do_ping(dbapi_connection)
        except Exception as error:
            raise DisconnectionError("a pooled connection did not answer its ping") from error

    event.listen(engine, "checkin", checked_in)
    event.listen(engine, "checkout", checked_out)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


class _TurnTakingPool(AsyncAdaptedQueuePool):
    """The queue pool, with one exception: a unit of work opened inside another one of the same
    task gets a connection of its own instead of waiting for its own (SQLite's lock decides
    between the two, as with any pool)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._holders: dict[ConnectionPoolEntry, asyncio.Task[Any] | None] = {}

    def _do_get(self) -> ConnectionPoolEntry:
        task = _current_task()
        if task is None or task not in self._holders.values():
            record = super()._do_get()
        else:
            with self._overflow_lock:
                self._overflow += 1
            try:
                record = self._create_connection()
            except BaseException:
                self._dec_overflow()
                raise
        self._holders[record] = task
        return record

    def _do_return_conn(self, record: ConnectionPoolEntry) -> None:
        self._holders.pop(record, None)
        super()._do_return_conn(record)


def _current_task() -> asyncio.Task[Any] | None:
    try:
        return asyncio.current_task()
    except RuntimeError:  # no event loop: no task to tell apart
        return None


def create_session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False, autoflush=False)


# --- writes seen by this process -----------------------------------------------------------

_WRITE = re.compile(r'\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM|REPLACE\s+INTO)\s+"?(\w+)', re.I)
_generations: Counter[str] = Counter()
_watching = False


def write_generation(*tables: str) -> int:
    """A number that changes whenever this process writes one of `tables`, through any engine:
    at the statement and again when its transaction ends. Something read from these tables is
    still what the database holds, as far as this process's own writes go, while the number
    stays the same from before the read."""
    global _watching
    if not _watching:
        event.listen(Engine, "before_cursor_execute", _seen_statement)
        event.listen(Engine, "commit", _transaction_ended)
        event.listen(Engine, "rollback", _transaction_ended)
        _watching = True
    return sum(_generations[table] for table in tables)


def identities_written() -> int:
    """The write generation of users and their Telegram identities (core's KnownIdentities)."""
    return write_generation("users", "telegram_identities")


def note_written(connection: Connection, table: str) -> None:
    """Counts a write to `table` made around SQLAlchemy's statement events (a COPY)."""
    if _watching:
        _count_write(connection, table.lower())


def _seen_statement(connection: Connection, _cursor: Any, statement: str, *_: Any) -> None:
    written = _WRITE.match(statement)
    if written:
        _count_write(connection, written.group(1).lower())


def _count_write(connection: Connection, table: str) -> None:
    _generations[table] += 1
    connection.info.setdefault("written_tables", set()).add(table)


def _transaction_ended(connection: Connection) -> None:
    try:
        written = connection.info.pop("written_tables", ())
    except SQLAlchemyError:  # an invalidated connection: whatever it wrote is unknown now
        written = list(_generations)
    for table in written:
        _generations[table] += 1
