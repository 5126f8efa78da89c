"""SQLite statements run on the event loop's thread: another process's write lock is waited for
without stopping the loop, and for no longer than the busy timeout."""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import insert, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from storage.database import create_session_factory
from storage.models import FsmRecord, fsm_records_table
from storage.sqlite_inline import inline_connector


def database_path(engine: AsyncEngine) -> str:
    path = engine.url.database
    assert path
    return path


@contextmanager
def write_lock_held_elsewhere(path: str) -> Iterator[sqlite3.Connection]:
    """Another process's writer, as a `cabinet import` would be: it holds SQLite's write lock."""
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        yield other
    finally:
        if other.in_transaction:
            other.rollback()
        other.close()


async def ticks_during(seconds: float) -> int:
    ticks = 0
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        await asyncio.sleep(0.005)
        ticks += 1
    return ticks


async def test_a_write_waits_for_another_writer_while_the_loop_goes_on(
    sqlite_engine: AsyncEngine,
) -> None:
    session_factory = create_session_factory(sqlite_engine)

    async def write() -> None:
        async with session_factory() as session, session.begin():
            await session.execute(insert(FsmRecord).values(key="chat", state="s", data={}))

    with write_lock_held_elsewhere(database_path(sqlite_engine)) as other:
        waiting = asyncio.create_task(write())
        ticks = await ticks_during(0.3)
        assert not waiting.done()
        assert ticks > 20  # a busy handler sleeping on the loop's thread would allow one or two
        other.commit()
        await asyncio.wait_for(waiting, timeout=5)

    async with session_factory() as session:
        assert (
            await session.scalar(
                select(fsm_records_table.c.state).where(fsm_records_table.c.key == "chat")
            )
            == "s"
        )


async def test_a_write_gives_up_when_the_lock_outlasts_the_busy_timeout(tmp_path: Path) -> None:
    url = make_url(f"sqlite+aiosqlite:///{tmp_path / 'locked.db'}")
    engine = create_async_engine(url, async_creator=inline_connector(url, busy_timeout=0.2))
    try:
        async with engine.begin() as connection:
            await connection.execute(text("CREATE TABLE notes (body TEXT)"))
        with write_lock_held_elsewhere(database_path(engine)):
            started = time.perf_counter()
            with pytest.raises(OperationalError, match="database is locked"):
                async with engine.begin() as connection:
                    await connection.execute(text("INSERT INTO notes VALUES ('late')"))
            assert 0.2 <= time.perf_counter() - started < 2
    finally:
        await engine.dispose()


async def test_autocommit_writes_without_a_transaction(sqlite_engine: AsyncEngine) -> None:
    async with sqlite_engine.connect() as connection:
        autocommit = await connection.execution_options(isolation_level="AUTOCOMMIT")
        await autocommit.execute(insert(FsmRecord).values(key="auto", state=None, data={}))
    with sqlite3.connect(database_path(sqlite_engine)) as reader:
        assert reader.execute("SELECT key FROM fsm_records").fetchall() == [("auto",)]
