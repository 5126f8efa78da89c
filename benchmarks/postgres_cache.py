"""PostgreSQL databases of demo regions, loaded once and kept between benchmark runs.

A region's database is named after its size, seed and months of history, and carries in its
comment how it was loaded (the load's figures and DATA_VERSION). A database without that comment
(a load that did not finish) or of another DATA_VERSION is loaded again; the schema of a kept one
is brought to the head migration at each use, so a new index reaches it without a reload.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.database import create_engine
from storage.schema import ensure_schema

ADMIN_URL = os.environ.get(
    "BENCH_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"
)
# Bump when the generator or the benchmark's customers change what a region's database holds.
DATA_VERSION = 1


@dataclass(frozen=True)
class KindLoad:
    rows: int
    seconds: float


@dataclass(frozen=True)
class Load:
    """How a kept database was loaded."""

    version: int
    loaded_at: str
    seconds: float
    peak_mib: float
    kinds: dict[str, KindLoad]


def unreachable_reason() -> str | None:
    """Why PostgreSQL cannot be used, or None when it answers."""
    url = make_url(ADMIN_URL)
    host, port = url.host or "127.0.0.1", url.port or 5432
    try:
        with socket.create_connection((host, port), timeout=1):
            return None
    except OSError as error:
        return f"PostgreSQL is not reachable at {host}:{port} ({error.strerror or error})"


def database_name(accounts: int, seed: int, months: int) -> str:
    return f"cabinet_bench_{accounts}_s{seed}_m{months}"


def database_url(name: str) -> str:
    return make_url(ADMIN_URL).set(database=name).render_as_string(hide_password=False)


async def kept_database(accounts: int, seed: int, months: int) -> tuple[str, Load, bool]:
    """The region's database, its load, and whether it was loaded just now (False: kept)."""
    name = database_name(accounts, seed, months)
    load = await _recorded_load(name)
    fresh = load is None or load.version != DATA_VERSION
    if fresh:
        load = await _load_anew(name, accounts, seed, months)
    else:
        engine = create_engine(database_url(name))
        try:
            await ensure_schema(engine)
        finally:
            await engine.dispose()
    assert load is not None
    return name, load, fresh


async def _recorded_load(name: str) -> Load | None:
    async with _admin() as connection:
        comment = await connection.scalar(
            text(
                "SELECT shobj_description(oid, 'pg_database') FROM pg_database "
                "WHERE datname = :name"
            ),
            {"name": name},
        )
    if not comment:
        return None
    try:
        data = json.loads(comment)
        kinds = {kind: KindLoad(**figures) for kind, figures in data.pop("kinds").items()}
        return Load(kinds=kinds, **data)
    except (ValueError, TypeError, KeyError):
        return None


async def _load_anew(name: str, accounts: int, seed: int, months: int) -> Load:
    """Loads the region into a fresh database in a child process, then records the load."""
    async with _admin() as connection:
        await connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        await connection.execute(text(f'CREATE DATABASE "{name}"'))
    print(f"bench: loading {accounts:,} accounts into database {name}", file=sys.stderr)
    figures, peak_mib = _run_loader(database_url(name), accounts, seed, months)
    load = Load(
        version=DATA_VERSION,
        loaded_at=datetime.now(UTC).isoformat(timespec="seconds"),
        seconds=figures["seconds"],
        peak_mib=peak_mib,
        kinds={kind: KindLoad(**kind_figures) for kind, kind_figures in figures["kinds"].items()},
    )
    comment = json.dumps(asdict(load)).replace("'", "''")
    async with _admin() as connection:
        await connection.execute(text(f"COMMENT ON DATABASE \"{name}\" IS '{comment}'"))
    return load


def _run_loader(url: str, accounts: int, seed: int, months: int) -> tuple[dict[str, Any], float]:
    """The loader's printed figures and its peak resident memory in MiB (its own, from wait4)."""
    command = [sys.executable, "-m", "benchmarks.seed_postgres", url, str(accounts), str(seed)]
    with tempfile.TemporaryFile("w+") as output:
        process = subprocess.Popen([*command, str(months)], stdout=output)
        _pid, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            raise RuntimeError(f"loading the region failed (exit code {process.returncode})")
        output.seek(0)
        figures: dict[str, Any] = json.loads(output.read().strip().splitlines()[-1])
    return figures, usage.ru_maxrss / 1024


@asynccontextmanager
async def _admin() -> AsyncIterator[AsyncConnection]:
    """A connection to the maintenance database, outside any transaction (CREATE DATABASE)."""
    engine = create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        async with engine.connect() as connection:
            yield connection
    finally:
        await engine.dispose()
