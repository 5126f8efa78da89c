"""`cabinet cluster --workers N [--port 8080] [--local]`: N `cabinet run` workers behind nginx.

nginx (an existing balancer: no balancer of our own) listens on `--host:--port` and spreads
everything, the webhook included, over the workers on loopback ports (see cli/nginx_config.py).
The workers serve the webhook (`WEBHOOK_SECRET`, generated when unset) and each registers
`PUBLIC_URL/telegram/webhook` at its start.

`--local` brings the rest up too, under `--dir` (default `var/cluster/`): a private PostgreSQL
cluster (initdb once) and a private Redis (no persistence) on free ports, migrated, with demo data
when empty, and the emulator with `PUBLIC_URL` at nginx, so that it delivers webhooks to the
balancer; the web chat's address is printed. Without `--local` the configured `DATABASE_URL`,
`REDIS_URL`, `BOT_TOKEN` and `PUBLIC_URL` are used, and more than one worker needs PostgreSQL and
Redis.

Supervision as `cabinet demo` does it: a child that ends stops the rest, and the command says
which and why (exit 1); Ctrl+C or SIGTERM stops the workers first (each gets its grace to finish
the updates it handles), then nginx and the emulator, then Redis and PostgreSQL (exit 0).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import secrets
import shutil
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cli.children import Child, ChildEnded, start_child, stop_in_order, watch
from cli.logging_setup import configure_logging
from cli.startup import StartupFailed, load_settings, run_command

DEFAULT_FOLDER = Path("var/cluster")
DEFAULT_ACCOUNTS = 200
READY_SECONDS = 120.0  # importing aiogram on a busy machine takes a while
WORKER_GRACE = 20.0  # the inbox gives the updates under way 10 s, then gives the rest back


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "cluster",
        help="N bot workers behind nginx (--local: with a private PostgreSQL, Redis, emulator)",
    )
    parser.add_argument("--workers", type=_positive, default=2, help="cabinet run processes")
    parser.add_argument("--host", default="127.0.0.1", help="where nginx listens")
    parser.add_argument("--port", type=int, default=8080, help="nginx's port")
    parser.add_argument(
        "--local",
        action="store_true",
        help="also a private PostgreSQL, Redis and the emulator, under --dir",
    )
    parser.add_argument("--dir", type=Path, default=DEFAULT_FOLDER, help="state and logs")
    parser.add_argument(
        "--emulator-port", type=int, default=8081, help="the emulator's port (--local)"
    )
    parser.add_argument(
        "--accounts", type=_positive, default=DEFAULT_ACCOUNTS, help="demo accounts (--local)"
    )
    parser.add_argument(
        "--no-flood-limits",
        action="store_true",
        help="the emulator without Telegram's 429 flood limits (--local; for load tests)",
    )
    parser.set_defaults(handler=handle)


@dataclass(frozen=True)
class ClusterOptions:
    workers: int
    host: str = "127.0.0.1"
    port: int = 8080
    local: bool = False
    folder: Path = DEFAULT_FOLDER
    emulator_port: int = 8081
    accounts: int = DEFAULT_ACCOUNTS
    flood_limits: bool = True


def handle(args: argparse.Namespace) -> int:
    configure_logging()
    logging.getLogger("alembic").setLevel(logging.WARNING)  # a line per migration otherwise
    options = ClusterOptions(
        workers=args.workers,
        host=args.host,
        port=args.port,
        local=args.local,
        folder=args.dir,
        emulator_port=args.emulator_port,
        accounts=args.accounts,
        flood_limits=not args.no_flood_limits,
    )
    return run_command("cluster", lambda: run_cluster(options))


@dataclass
class Cluster:
    """The running children, in the groups they stop in."""

    services: list[Child]
    front: list[Child]
    workers: list[Child]

    def every(self) -> list[Child]:
        return [*self.workers, *self.front, *self.services]

    async def stop(self) -> None:
        await stop_in_order([self.workers, self.front, self.services])


async def run_cluster(options: ClusterOptions) -> None:
    cluster = Cluster([], [], [])
    try:
        await start_cluster(options, cluster)
        watching = [asyncio.create_task(watch(child)) for child in cluster.every()]
        try:
            done, _ = await asyncio.wait(watching, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in watching:
                task.cancel()
            await asyncio.gather(*watching, return_exceptions=True)
        error = next(iter(done)).exception()
        why = str(error) if isinstance(error, ChildEnded) else repr(error)
        raise StartupFailed(f"{why}; everything else was stopped")
    finally:
        await asyncio.shield(cluster.stop())


async def start_cluster(options: ClusterOptions, cluster: Cluster) -> None:
    """Starts every part into `cluster` (its children, for the caller to watch and stop)."""
    from emulator.kit.ports import free_port

    folder = options.folder.resolve()
    logs = folder / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    settings = load_settings()
    public_host = "127.0.0.1" if options.host in ("0.0.0.0", "") else options.host
    environment: dict[str, str] = {
        "WEB_HOST": "127.0.0.1",
        "WEBHOOK_SECRET": (
            settings.webhook_secret.get_secret_value()
            if settings.webhook_secret is not None
            else secrets.token_urlsafe(24)
        ),
    }
    say(
        f"Cabinet Bot cluster — {options.workers} worker(s) behind nginx; state and logs in {folder}"
    )
    if options.local:
        environment.update(await _start_local(options, folder, logs, cluster, public_host))
    else:
        _check_shared_settings(options, settings)
        environment["PUBLIC_URL"] = settings.public_url
    _check_webhook(settings, environment)

    worker_ports = [free_port() for _ in range(options.workers)]
    cluster.front.append(await _start_nginx(options, folder, worker_ports, settings))
    say(
        f"  nginx      http://{public_host}:{options.port}/ → workers on 127.0.0.1:"
        + ", ".join(str(port) for port in worker_ports)
    )
    base = {**os.environ, **environment}
    for number, port in enumerate(worker_ports, start=1):
        cluster.workers.append(
            await start_child(
                f"worker {number}",
                [sys.executable, "-m", "cli.main", "run"],
                logs / f"worker-{number}.log",
                env={**base, "WEB_PORT": str(port)},
                grace=WORKER_GRACE,
            )
        )
    await asyncio.gather(
        *(
            _until_healthy(child, port)
            for child, port in zip(cluster.workers, worker_ports, strict=True)
        )
    )
    for child, port in zip(cluster.workers, worker_ports, strict=True):
        say(f"  {child.name:<10} 127.0.0.1:{port}, pid {child.pid}, log {child.log}")
    if options.local:
        say(
            f"\nOpen the web chat: http://{public_host}:{options.emulator_port}/   "
            "(Ctrl+C stops the cluster)\n"
        )
    else:
        say(f"\nServing on http://{public_host}:{options.port}/   (Ctrl+C stops the cluster)\n")


async def _start_local(
    options: ClusterOptions, folder: Path, logs: Path, cluster: Cluster, public_host: str
) -> dict[str, str]:
    """PostgreSQL, Redis, the schema and demo data, the emulator; the workers' settings."""
    from cli.local_services import PrivatePostgres, PrivateRedis
    from emulator.config import DEFAULT_TOKEN, EmulatorConfig
    from emulator.kit.ports import free_port
    from emulator.sandbox.rest import REST_PATH

    postgres = PrivatePostgres(folder / "postgres", free_port(), logs)
    cluster.services.append(await postgres.start())
    say(f"  database   {postgres.url} (private, in {postgres.data})")
    redis = PrivateRedis(folder / "redis", free_port(), logs)
    cluster.services.append(await redis.start())
    say(f"  redis      {redis.url} (private, no persistence)")
    await _migrate_and_seed(postgres.url, options.accounts)

    emulator_base = f"http://{public_host}:{options.emulator_port}"
    smtp_port = free_port()
    environment = {
        "DATABASE_URL": postgres.url,
        "REDIS_URL": redis.url,
        "BOT_TOKEN": DEFAULT_TOKEN,
        "TELEGRAM_API_URL": emulator_base,
        "SBERBANK_API_URL": emulator_base + REST_PATH,
        "STAFF_CHAT_ID": str(EmulatorConfig.staff_chat_id),
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": str(smtp_port),
        "PUBLIC_URL": f"http://{public_host}:{options.port}",
        "FILES_DIR": str(folder / "files"),
    }
    arguments = [
        sys.executable, "-m", "cli.main", "emulator", "--quiet",
        "--host", public_host, "--port", str(options.emulator_port),
        "--token", DEFAULT_TOKEN, "--smtp-port", str(smtp_port),
    ]  # fmt: skip
    if not options.flood_limits:
        arguments.append("--no-flood-limits")
    emulator = await start_child(
        "the emulator",
        arguments,
        logs / "emulator.log",
        env={**os.environ, **environment},
        grace=10.0,
    )
    cluster.front.append(emulator)
    await _until_answers(emulator, f"{emulator_base}/_emu/state")
    say(f"  emulator   {emulator_base} (Bot API, web chat; delivers webhooks to nginx)")
    return environment


async def _migrate_and_seed(database_url: str, accounts: int) -> None:
    from cli.demo_session import seed
    from storage.migrate import upgrade

    try:
        await upgrade(database_url)
    except Exception as error:
        from cli.startup import describe

        raise StartupFailed(f"the database could not be migrated: {describe(error)}") from error
    await seed(load_settings().model_copy(update={"database_url": database_url}), accounts)


def _check_shared_settings(options: ClusterOptions, settings: Any) -> None:
    from sqlalchemy.engine import make_url

    if options.workers < 2:
        return
    on_postgres = make_url(settings.database_url).get_backend_name() == "postgresql"
    if not on_postgres or not settings.redis_url:
        raise StartupFailed(
            f"{options.workers} workers share one database and dialog state: set DATABASE_URL "
            "to PostgreSQL and REDIS_URL (or run with --local, or --workers 1)"
        )


def _check_webhook(settings: Any, environment: Mapping[str, str]) -> None:
    from pydantic import SecretStr

    from bot.runtime import webhook_mode

    given = settings.model_copy(
        update={
            "public_url": environment["PUBLIC_URL"],
            "webhook_secret": SecretStr(environment["WEBHOOK_SECRET"]),
        }
    )
    if not webhook_mode(given):
        raise StartupFailed(
            f"PUBLIC_URL={given.public_url} cannot take Telegram's webhook: set it to the https "
            "address that reaches this nginx (or http on this machine's loopback)"
        )


def nginx_binary() -> str:
    found = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/usr/local/sbin")
    if found is None:
        raise StartupFailed("nginx is not installed (apt-get install nginx-light)")
    return found


async def _start_nginx(
    options: ClusterOptions, folder: Path, worker_ports: list[int], settings: Any
) -> Child:
    from cli.nginx_config import NginxLayout, nginx_config

    layout = NginxLayout(folder)
    layout.prepare()
    layout.config.write_text(
        nginx_config(
            layout,
            options.host,
            options.port,
            worker_ports,
            settings.webhook_answer_seconds,
            run_as_root=os.geteuid() == 0,
        )
    )
    child = await start_child(
        "nginx",
        [
            nginx_binary(),
            "-p",
            str(folder),
            "-e",
            str(layout.error_log),
            "-c",
            str(layout.config),
            "-g",
            "daemon off;",
        ],
        folder / "logs" / "nginx.log",
        grace=10.0,
    )
    await _until_listening(
        child, options.host if options.host != "0.0.0.0" else "127.0.0.1", options.port
    )
    return child


async def _until_listening(child: Child, host: str, port: int) -> None:
    deadline = time.monotonic() + READY_SECONDS
    while True:
        if not child.running:
            raise StartupFailed(child.why_it_ended())
        try:
            _, writer = await asyncio.open_connection(host, port)
        except OSError:
            if time.monotonic() > deadline:
                raise StartupFailed(f"{child.name} did not listen on {host}:{port}") from None
            await asyncio.sleep(0.05)
            continue
        writer.close()
        await writer.wait_closed()
        return


async def _until_answers(child: Child, url: str) -> None:
    """Until `url` answers 200, while the child runs."""
    import aiohttp

    deadline = time.monotonic() + READY_SECONDS
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=5)) as http:
        while True:
            if not child.running:
                raise StartupFailed(child.why_it_ended())
            try:
                async with http.get(url) as response:
                    if response.status == 200:
                        return
            except (aiohttp.ClientError, TimeoutError):
                pass
            if time.monotonic() > deadline:
                raise StartupFailed(
                    f"{child.name} did not answer {url} within {READY_SECONDS:.0f} s "
                    f"(see {child.log})"
                )
            await asyncio.sleep(0.1)


async def _until_healthy(child: Child, port: int) -> None:
    await _until_answers(child, f"http://127.0.0.1:{port}/healthz")


def say(line: str) -> None:
    print(line, flush=True)


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value
