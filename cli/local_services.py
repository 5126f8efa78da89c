"""A private PostgreSQL cluster and a private Redis for `cabinet cluster --local`, under the
cluster's folder: initdb once (trust authentication, loopback TCP only, no Unix socket), then
`postgres` on a free port; `redis-server` on another, with its append-only file (a restart keeps
the dialogs).

PostgreSQL refuses to run as root: when the command runs as root, the server runs as the
`postgres` user (the Debian packages create it), and its data folder is given to that user.
"""

from __future__ import annotations

import asyncio
import glob
import os
import pwd
import shutil
import signal
import time
from dataclasses import dataclass
from pathlib import Path

from cli.children import Child, log_tail, start_child
from cli.startup import StartupFailed

DATABASE = "cabinet"
ROLE = "cabinet"
READY_SECONDS = 60.0
POSTGRES_USER = "postgres"  # who runs the server when the command runs as root


def postgres_binaries() -> Path:
    """The folder with initdb and postgres: on PATH, else Debian's newest /usr/lib/postgresql."""
    on_path = shutil.which("initdb")
    if on_path and shutil.which("postgres"):
        return Path(on_path).parent
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda path: int(Path(path).parts[-3]) if Path(path).parts[-3].isdigit() else 0,
    )
    if not found:
        raise StartupFailed(
            "PostgreSQL's server programs (initdb, postgres) are not installed "
            "(apt-get install postgresql), or run without --local on your own database"
        )
    return Path(found[-1]).parent


def server_user() -> str | None:
    """The user the PostgreSQL server runs as: None (this one) unless this one is root."""
    if os.geteuid() != 0:
        return None
    try:
        pwd.getpwnam(POSTGRES_USER)
    except KeyError:
        raise StartupFailed(
            "PostgreSQL does not run as root and there is no 'postgres' user to run it as "
            "(install Debian's postgresql package, or run cabinet cluster as another user)"
        ) from None
    return POSTGRES_USER


@dataclass(frozen=True)
class PrivatePostgres:
    data: Path
    port: int
    logs: Path

    @property
    def url(self) -> str:
        return f"postgresql+asyncpg://{ROLE}@127.0.0.1:{self.port}/{DATABASE}"

    def _admin_dsn(self, database: str) -> str:
        return f"postgresql://{ROLE}@127.0.0.1:{self.port}/{database}"

    async def start(self) -> Child:
        """initdb when the folder is new, the server, and the database; the server's child."""
        binaries = postgres_binaries()
        user = server_user()
        await self._initdb_once(binaries, user)
        child = await start_child(
            "PostgreSQL",
            [
                str(binaries / "postgres"),
                "-D",
                str(self.data),
                "-p",
                str(self.port),
                "-c",
                "listen_addresses=127.0.0.1",
                "-c",
                "unix_socket_directories=",
                "-c",
                "max_connections=200",
            ],
            self.logs / "postgres.log",
            stop_signal=signal.SIGINT,  # PostgreSQL's fast shutdown
            grace=30.0,
            user=user,
        )
        await self._until_it_answers(child)
        await self._create_database()
        return child

    async def _initdb_once(self, binaries: Path, user: str | None) -> None:
        if (self.data / "PG_VERSION").exists():
            return
        self.data.mkdir(parents=True, exist_ok=True)
        if user is not None:
            entry = pwd.getpwnam(user)
            os.chown(self.data, entry.pw_uid, entry.pw_gid)
            if not _reachable_by(self.data, entry.pw_uid, entry.pw_gid):
                raise StartupFailed(
                    f"the '{user}' user that runs PostgreSQL cannot reach {self.data} "
                    "(a parent folder is closed to it): choose another --dir"
                )
        log = self.logs / "initdb.log"
        child = await start_child(
            "initdb",
            [
                str(binaries / "initdb"),
                "-D",
                str(self.data),
                "-U",
                ROLE,
                "--auth=trust",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
            ],
            log,
            user=user,
        )
        if await child.process.wait() != 0:
            raise StartupFailed(f"initdb of {self.data} failed: {log_tail(log)} (see {log})")

    async def _until_it_answers(self, child: Child) -> None:
        import asyncpg

        deadline = time.monotonic() + READY_SECONDS
        while True:
            if not child.running:
                raise StartupFailed(child.why_it_ended())
            try:
                connection = await asyncpg.connect(self._admin_dsn("postgres"), timeout=2)
            except (OSError, asyncpg.PostgresError, TimeoutError):
                if time.monotonic() > deadline:
                    raise StartupFailed(
                        f"PostgreSQL did not answer on 127.0.0.1:{self.port} within "
                        f"{READY_SECONDS:.0f} s (see {child.log})"
                    ) from None
                await asyncio.sleep(0.1)
                continue
            await connection.close()
            return

    async def _create_database(self) -> None:
        import asyncpg

        connection = await asyncpg.connect(self._admin_dsn("postgres"), timeout=5)
        try:
            exists = await connection.fetchval(
                "SELECT 1 FROM pg_database WHERE datname = $1", DATABASE
            )
            if not exists:
                await connection.execute(f'CREATE DATABASE "{DATABASE}"')
        finally:
            await connection.close()


def _reachable_by(folder: Path, uid: int, gid: int) -> bool:
    """Whether every parent of `folder` lets that user through (the execute bit)."""
    for parent in folder.resolve().parents:
        info = parent.stat()
        if info.st_uid == uid:
            allowed = info.st_mode & 0o100
        elif info.st_gid == gid:
            allowed = info.st_mode & 0o010
        else:
            allowed = info.st_mode & 0o001
        if not allowed:
            return False
    return True


@dataclass(frozen=True)
class PrivateRedis:
    folder: Path
    port: int
    logs: Path

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    async def start(self) -> Child:
        binary = shutil.which("redis-server")
        if binary is None:
            raise StartupFailed(
                "redis-server is not installed (apt-get install redis-server), "
                "or run without --local with your own REDIS_URL"
            )
        self.folder.mkdir(parents=True, exist_ok=True)
        child = await start_child(
            "Redis",
            [
                binary,
                "--bind",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--save",
                "",
                # As production should run it: the dialogs (FSM) live here, and a Redis that is
                # restarted must not forget every customer's place in them.
                "--appendonly",
                "yes",
                "--appendfsync",
                "everysec",
                "--dir",
                str(self.folder),
                "--daemonize",
                "no",
            ],
            self.logs / "redis.log",
            grace=10.0,
        )
        await self._until_it_answers(child)
        return child

    async def _until_it_answers(self, child: Child) -> None:
        from redis.asyncio import Redis
        from redis.exceptions import RedisError

        deadline = time.monotonic() + READY_SECONDS
        while True:
            if not child.running:
                raise StartupFailed(child.why_it_ended())
            client = Redis.from_url(self.url, socket_connect_timeout=1)
            try:
                if await client.ping():
                    return
            except (OSError, RedisError):  # not listening yet, or still loading
                pass
            finally:
                await client.aclose()
            if time.monotonic() > deadline:
                raise StartupFailed(
                    f"Redis did not answer on 127.0.0.1:{self.port} within "
                    f"{READY_SECONDS:.0f} s (see {child.log})"
                )
            await asyncio.sleep(0.1)
