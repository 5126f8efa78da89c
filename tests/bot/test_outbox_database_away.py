"""The database goes away under a running sender, then comes back: PostgreSQL stopped and started
(through a TCP proxy the test controls), and SQLite locked by another process for longer than the
busy timeout (as `cabinet import` does). The sender lives through both, `/healthz` names it while
it fails, the customer gets the notice queued meanwhile, and a notice sent while the outcome could
not be written is not sent again."""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
import time
from collections.abc import AsyncIterator, Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine

from benchmarks.bench_notifications import OutboxScene, deliver
from bot.background import Backoff
from bot.i18n import build_i18n
from bot.notifications.pacing import PRIVATE_BURST
from bot.notifications.sender import OutboxSender, SenderConfig
from core.enums import NotificationKind, OutboxStatus
from core.health import Heartbeats
from core.notifications.outbox import Outgoing, enqueue_many
from emulator.kit.harness import EmulatorHarness
from emulator.kit.ports import free_port
from storage.database import create_engine
from storage.models import metadata
from storage.sqlite_inline import inline_connector
from tests.bot.health_kit import eventually, serving_health
from tests.conftest import POSTGRES_URL

FAST = SenderConfig(
    rate_per_second=1000.0, poll_seconds=0.02, backoff=Backoff(0.02, 0.1), stuck_after=0.3
)


class TcpProxy:
    """Forwards a local port to PostgreSQL. `stop` is the database going away (the listener and
    every connection closed); `start` brings it back on the same port."""

    def __init__(self, target_port: int) -> None:
        self.port = free_port()
        self._target_port = target_port
        self._server: asyncio.Server | None = None
        self._transports: set[asyncio.WriteTransport] = set()

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", self.port)

    async def stop(self) -> None:
        assert self._server is not None
        self._server.close()
        for transport in self._transports:
            transport.abort()
        self._transports.clear()
        await self._server.wait_closed()

    async def _serve(self, client: asyncio.StreamReader, to_client: asyncio.StreamWriter) -> None:
        try:
            upstream, to_upstream = await asyncio.open_connection("127.0.0.1", self._target_port)
        except OSError:
            to_client.transport.abort()
            return
        self._transports |= {to_client.transport, to_upstream.transport}
        await asyncio.gather(
            _pipe(client, to_upstream), _pipe(upstream, to_client), return_exceptions=True
        )


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    finally:
        writer.transport.abort()


async def received(scene: OutboxScene, text: str) -> bool:
    return scene.delivered()[text] == 1


@contextlib.asynccontextmanager
async def running(sender: OutboxSender) -> AsyncIterator[asyncio.Task[None]]:
    task = asyncio.create_task(sender.run())
    try:
        yield task
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        await sender.bot.session.close()


def fast_sender(
    emulator: EmulatorHarness, scene: OutboxScene, heartbeats: Heartbeats
) -> OutboxSender:
    return OutboxSender(
        emulator.make_bot(),
        scene.uow_factory,
        scene.clock,
        build_i18n(),
        FAST,
        heartbeats=heartbeats,
    )


async def test_postgres_stopped_and_started_under_a_running_sender(
    emulator: EmulatorHarness, postgres_engine: AsyncEngine
) -> None:
    async with postgres_engine.connect() as conn:
        schema = await conn.scalar(text("SELECT current_schema()"))
    proxy = TcpProxy(make_url(POSTGRES_URL).port or 5432)
    await proxy.start()
    engine = create_engine(
        make_url(POSTGRES_URL).set(port=proxy.port).render_as_string(hide_password=False),
        connect_args={"server_settings": {"search_path": schema}},
    )
    heartbeats = Heartbeats()
    try:
        scene = await OutboxScene.build(emulator, engine, chats=1)
        chat = scene.chats[0]
        sender = fast_sender(emulator, scene, heartbeats)
        async with serving_health(scene.uow_factory, heartbeats) as health, running(sender) as task:
            await scene.enqueue([(chat, 1)], tag="before")
            await eventually(lambda: received(scene, "before0"))
            assert await health.now() == (200, {"status": "ok"})

            await proxy.stop()  # PostgreSQL goes away while the sender polls
            body = await health.until(503, naming="outbox-sender")
            assert body["tasks"]["outbox-sender"].startswith("failing for")

            await proxy.start()  # and comes back
            await scene.enqueue([(chat, 1)], tag="after")
            await eventually(lambda: received(scene, "after0"))
            assert await health.until(200) == {"status": "ok"}
            assert not task.done()
    finally:
        await engine.dispose()
        await proxy.stop()


@pytest.fixture
async def impatient_sqlite(tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    """A SQLite database whose statements wait 0.2 s for another process's lock (30 s in life)."""
    url = make_url(f"sqlite+aiosqlite:///{tmp_path / 'cabinet.db'}")
    engine = create_engine(str(url), async_creator=inline_connector(url, 0.2))
    async with engine.begin() as conn:
        await conn.run_sync(metadata.create_all)
    yield engine
    await engine.dispose()


@contextlib.contextmanager
def importing(engine: AsyncEngine) -> Iterator[None]:
    """Another process holds SQLite's write lock for the block, as `cabinet import` does."""
    database = engine.url.database
    assert database is not None
    other = sqlite3.connect(database, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        other.execute("ROLLBACK")
        other.close()


async def test_sqlite_locked_by_another_process_past_the_busy_timeout(
    emulator: EmulatorHarness, impatient_sqlite: AsyncEngine
) -> None:
    scene = await OutboxScene.build(emulator, impatient_sqlite, chats=1)
    chat = scene.chats[0]
    due_at = scene.clock.now() + timedelta(minutes=1)
    async with scene.uow_factory() as uow:
        notice = Outgoing(scene.users[chat], chat, chat, "bill", {"text": "Квитанция готова"})
        await enqueue_many(uow, NotificationKind.BROADCAST, [notice], due_at)
        await uow.commit()
    heartbeats = Heartbeats()
    sender = fast_sender(emulator, scene, heartbeats)
    async with serving_health(scene.uow_factory, heartbeats) as health, running(sender) as task:
        with importing(impatient_sqlite):
            scene.clock.set(due_at)  # the notice falls due while the import holds the lock
            body = await health.until(503, naming="outbox-sender")
            assert body["database"] == "ok"  # reads go on: only the sender is unwell
            assert body["tasks"]["outbox-sender"].startswith("failing for")
            await asyncio.sleep(0.5)  # a few more tries, each refused after the busy timeout
            assert not scene.delivered()

        await eventually(lambda: received(scene, "Квитанция готова"))
        assert await health.until(200) == {"status": "ok"}
        assert not task.done()


async def test_a_sent_notice_the_locked_database_could_not_record_is_not_sent_again(
    emulator: EmulatorHarness, impatient_sqlite: AsyncEngine
) -> None:
    """The lock comes between the claim and the write of the outcome: the write is tried again
    until the lock is gone, so no sender takes the row for unsent when its lease runs out."""
    scene = await OutboxScene.build(emulator, impatient_sqlite, chats=1)
    texts = await scene.enqueue([(scene.chats[0], PRIVATE_BURST + 1)])
    turn_comes, waiting = asyncio.Event(), asyncio.Event()

    async def until_the_turn_comes(seconds: float) -> None:  # the last notice waits here
        waiting.set()
        await turn_comes.wait()
        await asyncio.sleep(seconds)

    sender = OutboxSender(
        emulator.make_bot(),
        scene.uow_factory,
        scene.clock,
        build_i18n(),
        FAST,
        monotonic=lambda: time.monotonic() if turn_comes.is_set() else 0.0,
        sleep=until_the_turn_comes,
    )
    async with running(sender):
        await asyncio.wait_for(waiting.wait(), 3.0)
        with importing(impatient_sqlite):
            turn_comes.set()  # the last one goes out now, and its outcome meets the lock
            await eventually(lambda: received(scene, texts[-1]))
            await asyncio.sleep(0.5)  # its write refused a few times meanwhile
        await eventually(lambda: _sent(scene, len(texts)))

    scene.clock.advance(SenderConfig().lease + timedelta(seconds=1))
    await deliver(scene, scene.sender(rate_per_second=1000.0))
    assert scene.delivered() == {text: 1 for text in texts}


async def _sent(scene: OutboxScene, count: int) -> bool:
    return await scene.statuses() == {OutboxStatus.SENT.value: count}
