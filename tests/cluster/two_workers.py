"""Two real `cabinet run` workers behind nginx, for the cluster's tests: the emulator in the test's
process (the kit reads the chats, injects faults), a database of their own on the test
PostgreSQL server, a private Redis, nginx from `cli/nginx_config.py`, and the workers as
processes serving the webhook, which the emulator delivers to nginx."""

from __future__ import annotations

import asyncio
import contextlib
import os
import secrets
import shutil
import signal
import sys
import tempfile
import time
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.inbox.webhook import SECRET_HEADER
from cli.children import Child, log_tail, start_child, stop_in_order
from cli.cluster import nginx_binary
from cli.local_services import PrivateRedis
from cli.nginx_config import NginxLayout, nginx_config
from core.settings import Settings
from emulator.kit.harness import EmulatorHarness
from emulator.kit.ports import free_port
from storage.database import create_engine
from storage.migrate import upgrade
from tests.conftest import POSTGRES_URL, require_service

START_SECONDS = 180.0  # two processes importing aiogram at once on a busy machine
ANSWER_SECONDS = 5.0


@dataclass
class TwoWorkers:
    emulator: EmulatorHarness
    database_url: str
    engine: AsyncEngine
    secret: str
    worker_ports: list[int]
    workers: list[Child]
    folder: Path
    others: list[Child] = field(default_factory=list)

    async def post_update(self, worker: int, update: dict[str, Any]) -> int:
        """Posts an update straight to one worker's webhook, as Telegram would; the status."""
        url = f"http://127.0.0.1:{self.worker_ports[worker]}/telegram/webhook"
        async with (
            aiohttp.ClientSession() as http,
            http.post(url, json=update, headers={SECRET_HEADER: self.secret}) as response,
        ):
            return response.status

    def kill(self, worker: int) -> None:
        self.workers[worker].process.send_signal(signal.SIGKILL)

    def logs(self) -> str:
        return "\n".join(f"--- {w.name}: {log_tail(w.log, 30)}" for w in self.workers)


def worker_environment(**settings: str) -> dict[str, str]:
    """None of the settings of the machine running the tests, then `settings`."""
    names = {name.upper() for name in Settings.model_fields}
    environment = {name: value for name, value in os.environ.items() if name not in names}
    environment.update(settings)
    return environment


@contextlib.asynccontextmanager
async def own_database() -> AsyncIterator[str]:
    """A fresh database on the test PostgreSQL server (separate processes cannot share a
    schema-per-test the way in-process tests do), migrated; dropped afterwards."""
    require_service("PostgreSQL", "127.0.0.1", 5432)
    name = f"cluster_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    async with admin.connect() as connection:
        await connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    try:
        await upgrade(url)
        yield url
    finally:
        async with admin.connect() as connection:
            await connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        await admin.dispose()


@contextlib.asynccontextmanager
async def two_workers(**extra_settings: str) -> AsyncIterator[TwoWorkers]:
    folder = Path(tempfile.mkdtemp(prefix="cabinet-two-workers-"))
    logs = folder / "logs"
    secret = secrets.token_urlsafe(16)
    port = free_port()
    worker_ports = [free_port(), free_port()]
    children: list[Child] = []
    workers: list[Child] = []
    try:
        async with own_database() as database_url, EmulatorHarness() as emulator:
            try:
                redis = PrivateRedis(folder / "redis", free_port(), logs)
                children.append(await redis.start())
                nginx = await start_nginx(folder, port, worker_ports)
                children.append(nginx)
                environment = worker_environment(
                    BOT_TOKEN=emulator.token,
                    TELEGRAM_API_URL=emulator.api_base,
                    DATABASE_URL=database_url,
                    REDIS_URL=redis.url,
                    STAFF_CHAT_ID=str(emulator.staff_chat_id),
                    FILES_DIR=str(folder / "files"),
                    SMTP_PORT=str(free_port()),
                    WEBHOOK_SECRET=secret,
                    PUBLIC_URL=f"http://127.0.0.1:{port}",
                    WEBHOOK_ANSWER_SECONDS=str(ANSWER_SECONDS),
                    **extra_settings,
                )
                for number, worker_port in enumerate(worker_ports, start=1):
                    workers.append(
                        await start_child(
                            f"worker {number}",
                            [sys.executable, "-m", "cli.main", "run"],
                            logs / f"worker-{number}.log",
                            env={**environment, "WEB_PORT": str(worker_port)},
                            cwd=folder,
                            grace=20.0,
                        )
                    )
                await asyncio.gather(
                    *(until_healthy(w, p) for w, p in zip(workers, worker_ports, strict=True))
                )
                await until_webhook_set(emulator, port)
                engine = create_engine(database_url)
                try:
                    yield TwoWorkers(
                        emulator, database_url, engine, secret, worker_ports, workers, folder
                    )
                finally:
                    await engine.dispose()
            finally:
                await stop_in_order([workers, children])
    finally:
        shutil.rmtree(folder, ignore_errors=True)


async def start_nginx(folder: Path, port: int, worker_ports: list[int]) -> Child:
    layout = NginxLayout(folder)
    layout.prepare()
    config = nginx_config(
        layout, "127.0.0.1", port, worker_ports, ANSWER_SECONDS, run_as_root=os.geteuid() == 0
    )
    layout.config.write_text(config)
    arguments = [nginx_binary(), "-p", str(folder), "-e", str(layout.error_log)]
    arguments += ["-c", str(layout.config), "-g", "daemon off;"]
    return await start_child("nginx", arguments, folder / "logs" / "nginx.log")


async def until_healthy(worker: Child, port: int) -> None:
    deadline = time.monotonic() + START_SECONDS
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=5)) as http:
        while time.monotonic() < deadline:
            if not worker.running:
                raise AssertionError(f"{worker.why_it_ended()}\n{log_tail(worker.log, 30)}")
            with contextlib.suppress(aiohttp.ClientError, TimeoutError):
                async with http.get(f"http://127.0.0.1:{port}/healthz") as response:
                    if response.status == 200:
                        return
            await asyncio.sleep(0.1)
    raise AssertionError(f"{worker.name} was not healthy within {START_SECONDS} s")


async def until_webhook_set(emulator: EmulatorHarness, port: int) -> None:
    wanted = f"http://127.0.0.1:{port}/telegram/webhook"
    for _ in range(int(START_SECONDS / 0.05)):
        webhook = emulator.world.updates.webhook
        if webhook is not None and webhook.url == wanted:
            return
        await asyncio.sleep(0.05)
    raise AssertionError("the workers did not set the webhook")
