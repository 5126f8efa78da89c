"""Shared fixtures: real databases (SQLite always; PostgreSQL when reachable, required on CI)."""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

import storage.repositories.exchange
from core.settings import Settings
from storage.database import create_engine, create_session_factory
from storage.models import metadata
from storage.uow import UnitOfWorkFactory, unit_of_work_factory

pytest_plugins = ["emulator.kit.pytest_plugin"]

POSTGRES_URL = os.environ.get(
    "TEST_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
)
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
ON_CI = os.environ.get("CI") == "true"


@pytest.fixture(scope="session", autouse=True)
def settings_of_this_machine_ignored() -> Iterator[None]:
    """The tests set what they need: a developer's `.env` or exported DATABASE_URL must not reach
    them (they would test another database, or fail for a reason that is not the code's)."""
    names = {name.lower() for name in Settings.model_fields}
    with pytest.MonkeyPatch.context() as patch:
        patch.setitem(Settings.model_config, "env_file", None)
        for variable in [v for v in os.environ if v.lower() in names]:
            patch.delenv(variable)
        yield


def port_open(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


def require_service(name: str, host: str, port: int) -> None:
    """Skip with a reason off CI; on CI a missing service is a failure, never a silent skip."""
    if port_open(host, port):
        return
    if ON_CI:
        pytest.fail(f"{name} is not reachable at {host}:{port}; CI must start it")
    pytest.skip(f"{name} is not reachable at {host}:{port}")


@pytest.fixture
async def empty_sqlite_engine(tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'cabinet.db'}")
    yield engine
    await engine.dispose()


@pytest.fixture
async def sqlite_engine(empty_sqlite_engine: AsyncEngine) -> AsyncEngine:
    async with empty_sqlite_engine.begin() as conn:
        await conn.run_sync(metadata.create_all)
    return empty_sqlite_engine


@asynccontextmanager
async def postgres_schema() -> AsyncIterator[AsyncEngine]:
    """An engine on a fresh schema of the test database, dropped afterwards, so parallel runs on
    one database never meet."""
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES_URL)
    async with admin.begin() as conn:
        await conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine = create_engine(POSTGRES_URL, connect_args={"server_settings": {"search_path": schema}})
    try:
        yield engine
    finally:
        await engine.dispose()
        async with admin.begin() as conn:
            await conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        await admin.dispose()


@pytest.fixture
async def empty_postgres_engine() -> AsyncIterator[AsyncEngine]:
    """A fresh schema per test."""
    require_service("PostgreSQL", "127.0.0.1", 5432)
    async with postgres_schema() as engine:
        yield engine


@pytest.fixture
async def postgres_engine(empty_postgres_engine: AsyncEngine) -> AsyncEngine:
    async with empty_postgres_engine.begin() as conn:
        await conn.run_sync(metadata.create_all)
    return empty_postgres_engine


@pytest.fixture
def copied_tables(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The tables the billing exchange's COPYs write, one entry per COPY, in order."""
    written: list[str] = []
    copy_rows = storage.repositories.exchange.copy_rows

    async def counted(connection: AsyncConnection, table: str, *args: Any) -> None:
        written.append(table)
        await copy_rows(connection, table, *args)

    monkeypatch.setattr(storage.repositories.exchange, "copy_rows", counted)
    return written


@pytest.fixture(params=["sqlite", "postgres"])
def any_engine(request: pytest.FixtureRequest) -> AsyncEngine:
    """Runs a test once on SQLite and once on PostgreSQL."""
    engine: AsyncEngine = request.getfixturevalue(f"{request.param}_engine")
    return engine


@pytest.fixture(params=["sqlite", "postgres"])
def any_empty_engine(request: pytest.FixtureRequest) -> AsyncEngine:
    """An engine with no tables, once on SQLite and once on PostgreSQL (migration tests)."""
    engine: AsyncEngine = request.getfixturevalue(f"empty_{request.param}_engine")
    return engine


@pytest.fixture
def uow_factory(sqlite_engine: AsyncEngine) -> UnitOfWorkFactory:
    return unit_of_work_factory(create_session_factory(sqlite_engine))
