"""Redis or the database away while customers write: the customer hears a short apology instead
of silence, `/healthz` says 503, and once it is back every update is handled, once."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import AsyncIterator

import aiohttp
import asyncpg.exceptions
import redis.exceptions
import sqlalchemy.exc
from aiogram.exceptions import TelegramNetworkError
from aiogram.methods import SendMessage
from sqlalchemy import make_url, text
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.inbox.outage import is_outage
from emulator.kit.harness import EmulatorHarness
from storage.database import create_engine
from storage.migrate import upgrade
from tests.bot.test_inbox_webhook import MENU_PROMPT, inbox_rows, running, webhook_settings
from tests.conftest import POSTGRES_URL, require_service
from tests.private_services import private_redis

APOLOGY = "сервис ненадолго недоступен"


async def healthz(port: int) -> tuple[int, dict[str, object]]:
    async with (
        aiohttp.ClientSession() as http,
        http.get(f"http://127.0.0.1:{port}/healthz") as answer,
    ):
        return answer.status, await answer.json()


async def test_redis_away_the_customer_is_told_and_answered_once_it_is_back(
    emulator: EmulatorHarness, database_url: str
) -> None:
    async with private_redis() as redis:
        settings = webhook_settings(emulator, database_url, redis_url=redis.url)
        async with running(emulator, settings):
            user = await emulator.new_user()
            await user.send("что тут есть?")
            assert MENU_PROMPT in (await user.expect_message()).text
            assert (await healthz(settings.web_port))[0] == 200

            await redis.kill()
            await user.send("а сейчас?")
            assert APOLOGY in (await user.expect_message(timeout=10)).text
            status, report = await healthz(settings.web_port)
            assert status == 503 and report["redis"] == "unavailable"
            await user.send("ну что?")  # one apology is enough meanwhile
            await user.expect_no_message(within=1.0)

            await redis.start()
            answers = [await user.expect_message(timeout=15) for _ in range(2)]
            assert all(MENU_PROMPT in answer.text for answer in answers)
            await user.expect_no_message(within=1.0)
            assert (await healthz(settings.web_port))[0] == 200

    rows = await inbox_rows(database_url)
    assert len(rows) == 3
    assert all(row["handled_at"] is not None and row["error"] is None for row in rows)


@contextlib.asynccontextmanager
async def own_postgres_database() -> AsyncIterator[tuple[str, AsyncEngine]]:
    """A database of the test's own on the shared server (its URL), and an admin engine that can
    shut it to connections: to the bot that is the server gone."""
    require_service("PostgreSQL", "127.0.0.1", 5432)
    name = f"outage_{uuid.uuid4().hex[:10]}"
    admin = create_engine(POSTGRES_URL).execution_options(isolation_level="AUTOCOMMIT")
    async with admin.connect() as connection:
        await connection.execute(text(f"CREATE DATABASE {name}"))
    url = make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    try:
        await upgrade(url)
        yield url, admin
    finally:
        async with admin.connect() as connection:
            await connection.execute(text(f"DROP DATABASE {name} WITH (FORCE)"))
        await admin.dispose()


async def shut(admin: AsyncEngine, url: str, *, open_: bool) -> None:
    name = make_url(url).database
    async with admin.connect() as connection:
        await connection.execute(text(f"ALTER DATABASE {name} ALLOW_CONNECTIONS {open_}"))
        if not open_:
            await connection.execute(
                text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n"),
                {"n": name},
            )


async def test_postgres_away_updates_wait_in_telegram_and_are_answered_once_it_is_back(
    emulator: EmulatorHarness,
) -> None:
    async with own_postgres_database() as (url, admin):
        settings = webhook_settings(emulator, url)
        async with running(emulator, settings):
            user = await emulator.new_user()
            await user.send("что тут есть?")
            assert MENU_PROMPT in (await user.expect_message()).text

            await shut(admin, url, open_=False)
            await user.send("а сейчас?")  # not kept: 503, and Telegram tries again
            assert APOLOGY in (await user.expect_message(timeout=10)).text
            status, report = await healthz(settings.web_port)
            assert status == 503 and report["database"] == "unavailable"

            await shut(admin, url, open_=True)
            # Telegram's next try comes within its backoff (up to 5 s here); on a busy machine
            # the answer has taken up to about 20 s, once in several runs.
            assert MENU_PROMPT in (await user.expect_message(timeout=40)).text
            await user.expect_no_message(within=1.0)
            assert (await healthz(settings.web_port))[0] == 200

        rows = await inbox_rows(url)
    assert len(rows) == 2
    assert all(row["handled_at"] is not None and row["error"] is None for row in rows)


def test_an_outage_is_told_apart_from_a_bug_and_from_telegram_s_trouble() -> None:

    refused = sqlalchemy.exc.OperationalError("SELECT 1", {}, ConnectionRefusedError())
    assert is_outage(refused)
    try:
        try:
            raise redis.exceptions.ConnectionError("refused")
        except redis.exceptions.ConnectionError as cause:
            raise RuntimeError("lock not taken") from cause
    except RuntimeError as wrapped:
        assert is_outage(wrapped)
    closed = sqlalchemy.exc.DBAPIError(
        "SELECT 1",
        {},
        Exception("connection was closed in the middle of operation"),
        connection_invalidated=True,
    )
    assert is_outage(closed)  # PostgreSQL's fast shutdown, mid-statement
    try:
        try:
            raise asyncpg.exceptions.InternalClientError("another operation is in progress")
        except asyncpg.exceptions.InternalClientError as cause:
            raise sqlalchemy.exc.InterfaceError("SELECT 1", {}, cause) from cause
    except sqlalchemy.exc.InterfaceError as wrapped:
        assert is_outage(wrapped)
    closed_to_connections = asyncpg.exceptions.ObjectNotInPrerequisiteStateError(
        'database "cabinet" is not currently accepting connections'
    )
    try:
        try:
            raise closed_to_connections
        except asyncpg.exceptions.ObjectNotInPrerequisiteStateError as cause:
            raise sqlalchemy.exc.DBAPIError("SELECT 1", {}, cause) from cause
    except sqlalchemy.exc.DBAPIError as wrapped:
        assert is_outage(wrapped)  # maintenance: ALLOW_CONNECTIONS false
    assert is_outage(asyncpg.exceptions.TooManyConnectionsError("too many clients"))
    assert not is_outage(asyncpg.exceptions.ObjectNotInPrerequisiteStateError("lock not available"))
    assert not is_outage(sqlalchemy.exc.IntegrityError("INSERT", {}, Exception("duplicate")))
    assert not is_outage(ValueError("a bug"))
    network = TelegramNetworkError(SendMessage(chat_id=1, text="x"), "down")
    network.__cause__ = ConnectionRefusedError()
    assert not is_outage(network)
