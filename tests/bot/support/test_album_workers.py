"""A customer's album whose parts reach different workers: two `cabinet run` workers, each built
by `build_runtime` on the same PostgreSQL database and the same Redis, take the album's parts in
turn through their inboxes (as their webhooks do); the staff topic gets the album once, whole, in
order, and the customer one confirmation. A part or an album that comes later is a new one. An
album lost from Redis before it was handed on gets the customer an apology."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiogram import Bot
from aiogram.types import Update
from pydantic import SecretStr
from redis.asyncio import Redis
from sqlalchemy import text

from bot.inbox.received import received_from_update
from bot.runtime import Runtime, build_runtime
from core.enums import MessageDirection
from emulator.kit.clients import UserClient
from storage.database import create_engine
from storage.models import metadata
from tests.bot.kit import BotWorld, bot_world
from tests.bot.redis_kit import redis_bot
from tests.bot.support.test_failures import APOLOGY
from tests.bot.support.test_scene import JPEG, customer_with_account, first_message, upload
from tests.conftest import POSTGRES_URL, REDIS_URL, require_service

HANDLED_WITHIN = 10.0


@contextlib.asynccontextmanager
async def postgres_database() -> AsyncIterator[str]:
    """The URL of a new database with the cabinet's tables, dropped afterwards: a database of its
    own (not a schema), so that each worker builds its engine from `DATABASE_URL` alone."""
    require_service("PostgreSQL", "127.0.0.1", 5432)
    name = f"t_album_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    try:
        async with admin.connect() as connection:
            await connection.execute(text(f'CREATE DATABASE "{name}"'))
        url = POSTGRES_URL.rsplit("/", 1)[0] + f"/{name}"
        engine = create_engine(url)
        try:
            async with engine.begin() as connection:
                await connection.run_sync(metadata.create_all)
        finally:
            await engine.dispose()
        yield url
    finally:
        async with admin.connect() as connection:
            await connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        await admin.dispose()


@contextlib.asynccontextmanager
async def world_on_postgres(tmp_path: Path) -> AsyncIterator[tuple[BotWorld, str]]:
    """The emulator and the cabinet for setting the scene, on a new database and Redis; the
    database's URL."""
    async with (
        postgres_database() as database_url,
        redis_bot(REDIS_URL) as token,
    ):
        engine = create_engine(database_url)
        try:
            files = str(tmp_path / "files")
            async with bot_world(
                engine, token=token, files_dir=files, redis_url=REDIS_URL
            ) as world:
                yield world, database_url
        finally:
            await engine.dispose()


@contextlib.asynccontextmanager
async def worker(world: BotWorld, database_url: str) -> AsyncIterator[Runtime]:
    """A worker as `cabinet run` builds it from its settings (the world's, on its database)."""
    settings = world.settings.model_copy(
        update={
            "bot_token": SecretStr(world.emu.token),
            "telegram_api_url": world.emu.api_base,
            "database_url": database_url,
        }
    )
    runtime = build_runtime(settings, clock=world.clock)
    try:
        yield runtime
    finally:
        await runtime.inbox.worker.stop()
        await runtime.close()


class Updates:
    """The bot's updates as a worker's polling reads them, one at a time."""

    def __init__(self, bot: Bot) -> None:
        self._bot = bot
        self._offset = 0
        self._pending: list[Update] = []

    async def next_part(self, media_group_id: str) -> Update:
        while True:
            while self._pending:
                update = self._pending.pop(0)
                if update.message and update.message.media_group_id == media_group_id:
                    return update
            self._pending = await self._bot.get_updates(offset=self._offset, timeout=5)
            if self._pending:
                self._offset = self._pending[-1].update_id + 1


async def handled_by(runtime: Runtime, update: Update) -> None:
    """Kept in the shared inbox and handled by this worker, as its webhook does."""
    [kept] = await runtime.inbox.store.keep([received_from_update(update)])
    assert await runtime.inbox.worker.handled_within(kept, HANDLED_WITHIN)


async def send_album(
    client: UserClient,
    updates: Updates,
    media_group_id: str,
    captions: list[str],
    workers: list[Runtime],
) -> None:
    """The customer sends an album, a photo per caption; each part is handled by its worker."""
    for caption, runtime in zip(captions, workers, strict=True):
        await upload(
            client,
            "photo",
            JPEG,
            caption=caption,
            mime_type="image/jpeg",
            media_group_id=media_group_id,
        )
        await handled_by(runtime, await updates.next_part(media_group_id))


async def test_an_album_whose_parts_reach_two_workers_reaches_the_topic_once_whole(
    tmp_path: Path,
) -> None:
    async with world_on_postgres(tmp_path) as (world, database_url):
        anna = await customer_with_account(world, "+79280000071", "Анна", "110000071")
        topic, _ = await first_message(world, anna.client, "Пришлю фото счётчика")
        await world.stop_bot()  # from here on the two workers below get the updates
        poller = world.emu.make_bot()
        updates = Updates(poller)
        try:
            async with worker(world, database_url) as a, worker(world, database_url) as b:
                captions = ["часть 1", "часть 2", "часть 3"]
                await send_album(anna.client, updates, "album-across", captions, [a, b, a])

                await anna.client.expect_message(contains="Сообщение отправлено")
                posted = [await world.emu.staff.expect_message(thread_id=topic) for _ in range(3)]
                assert [part.text for part in posted] == captions
                assert all(part.photo for part in posted)
                [group] = {part.raw.get("media_group_id") for part in posted}
                assert group is not None
                await world.emu.staff.expect_no_message(thread_id=topic)
                await anna.client.expect_no_message()  # one confirmation for the album

                # A second album after the first was handed on is an album of its own, whoever
                # gets its first part.
                await send_album(anna.client, updates, "album-next", ["ещё 1", "ещё 2"], [b, a])
                await anna.client.expect_message(contains="Сообщение отправлено")
                again = [await world.emu.staff.expect_message(thread_id=topic) for _ in range(2)]
                assert [part.text for part in again] == ["ещё 1", "ещё 2"]
                [next_group] = {part.raw.get("media_group_id") for part in again}
                assert next_group is not None and next_group != group
                await world.emu.staff.expect_no_message(thread_id=topic)
                await anna.client.expect_no_message()

                # A part of that album coming after it was handed on starts a new one.
                await send_album(anna.client, updates, "album-next", ["опоздавшая"], [a])
                await anna.client.expect_message(contains="Сообщение отправлено")
                late = await world.emu.staff.expect_message(thread_id=topic)
                assert late.text == "опоздавшая" and late.photo
                await world.emu.staff.expect_no_message(thread_id=topic)
        finally:
            await poller.session.close()

        history = (await world.cabinet.support.history(anna.user.id)).items
        from_customer = [m for m in history if m.direction is MessageDirection.FROM_CUSTOMER]
        assert [(m.text, len(m.attachments)) for m in from_customer] == [
            ("Пришлю фото счётчика", 0),
            ("часть 1\nчасть 2\nчасть 3", 3),
            ("ещё 1\nещё 2", 2),
            ("опоздавшая", 1),
        ]


async def test_an_album_lost_from_redis_before_it_was_handed_on_gets_the_apology(
    redis_world: BotWorld, caplog: pytest.LogCaptureFixture
) -> None:
    world = redis_world
    anna = await customer_with_account(world, "+79280000072", "Анна", "110000072")
    topic, _ = await first_message(world, anna.client, "Вопрос")
    caplog.set_level(logging.INFO)

    await upload(
        anna.client,
        "photo",
        JPEG,
        caption="подпись клиента",
        mime_type="image/jpeg",
        media_group_id="album-lost",
    )
    # Redis loses the album while it is gathered (a restart without persistence).
    redis = Redis.from_url(REDIS_URL)
    try:
        pattern = f"cabinet:album:*:{anna.client.id}:album-lost*"
        keys: list[bytes] = []
        while not keys:  # the part's update is being handled
            await asyncio.sleep(0.01)
            keys = [key async for key in redis.scan_iter(match=pattern)]
        await redis.delete(*keys)
    finally:
        await redis.aclose()

    told = await anna.client.expect_message()
    assert APOLOGY in told.text
    await world.emu.staff.expect_no_message(thread_id=topic)
    await anna.client.send("Дошло?")  # the dialog goes on
    await anna.client.expect_message(contains="Сообщение отправлено")
    logged = "\n".join(f"{record.getMessage()} {record.__dict__}" for record in caplog.records)
    assert "album not handed on" in logged and "подпись клиента" not in logged
