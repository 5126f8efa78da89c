"""A pooled PostgreSQL connection the server dropped while it sat idle is replaced before use;
one taken back at once is used without a ping."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from sqlalchemy import event, text
from sqlalchemy.ext.asyncio import AsyncEngine

import storage.database
from storage.database import create_engine
from tests.conftest import POSTGRES_URL, require_service

pytestmark = pytest.mark.postgres


async def _backend_pid(engine: AsyncEngine) -> int:
    async with engine.connect() as connection:
        return int(await connection.scalar(text("SELECT pg_backend_pid()")))


async def test_a_connection_dropped_while_idle_is_replaced_before_use(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    require_service("PostgreSQL", "127.0.0.1", 5432)
    monkeypatch.setattr(storage.database, "PING_AFTER_IDLE_SECONDS", 0.05)
    engine, admin = create_engine(POSTGRES_URL), create_engine(POSTGRES_URL)
    try:
        dropped = await _backend_pid(engine)
        async with admin.connect() as connection:
            await connection.execute(text(f"SELECT pg_terminate_backend({dropped})"))
        await asyncio.sleep(0.1)  # idle longer than the limit
        assert await _backend_pid(engine) != dropped  # no error: a new connection
    finally:
        await engine.dispose()
        await admin.dispose()


async def test_a_connection_taken_back_at_once_is_not_pinged(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    require_service("PostgreSQL", "127.0.0.1", 5432)
    monkeypatch.setattr(storage.database, "PING_AFTER_IDLE_SECONDS", 3600.0)
    engine = create_engine(POSTGRES_URL)
    pings: list[object] = []
    real_ping = engine.dialect.do_ping

    def counted(dbapi_connection: Any) -> bool:
        pings.append(dbapi_connection)
        return real_ping(dbapi_connection)

    monkeypatch.setattr(engine.dialect, "do_ping", counted)
    statements: list[str] = []
    event.listen(engine.sync_engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
    try:
        first = await _backend_pid(engine)
        assert await _backend_pid(engine) == first  # the same pooled connection
        assert pings == []
        assert len(statements) == 2
    finally:
        await engine.dispose()
