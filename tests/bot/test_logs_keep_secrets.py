"""Nothing secret or personal reaches a log line when things fail for real: a download Telegram
refuses (its URL holds the bot token), a statement failing on a locked SQLite database while a
phone, an e-mail, a password hash or a customer's text is being stored (SQLAlchemy would quote
the statement's values). Everything the process logs at DEBUG is searched, tracebacks included,
as `cabinet run` writes it (`JsonLineFormatter`)."""

from __future__ import annotations

import contextlib
import io
import logging
import sqlite3
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from aiogram.fsm.storage.base import StorageKey
from sqlalchemy import text
from sqlalchemy.engine import make_url

from cli.logging_setup import JsonLineFormatter, json_log_handler
from emulator.kit.clients import UserClient
from storage.database import create_engine
from storage.models import metadata
from storage.sqlite_inline import inline_connector
from tests.bot.kit import BotWorld, bot_world
from tests.bot.linking.test_scene import JPEG, ask_for_photo, seed_account
from tests.bot.linking.test_scene import signed_in_customer as customer_linking
from tests.bot.onboarding_steps import consent, expect_signed_in
from tests.bot.signed_in import open_profile, signed_in_customer
from tests.bot.support.test_scene import customer_with_account, first_message, upload

UNEXPECTED = "Что-то пошло не так"
# The emulator's own server (Telegram's side, not the bot) logs every request's path.
TELEGRAMS_SIDE = ("aiohttp.access",)


def logged(caplog: pytest.LogCaptureFixture) -> str:
    """Every line the bot's process logged, exceptions with their tracebacks."""
    formatter = JsonLineFormatter()
    return "\n".join(
        formatter.format(record)
        for record in caplog.records
        if not record.name.startswith(TELEGRAMS_SIDE)
    )


def token_secret(world: BotWorld) -> str:
    """The part of the bot token after the bot's id: what must never be written down."""
    return world.emu.token.partition(":")[2]


@pytest.fixture
async def impatient_world(tmp_path: Path) -> AsyncIterator[BotWorld]:
    """The whole bot on a SQLite file whose writers give up on another process's write lock
    after 0.2 s (30 s in production): a locked database fails a statement within the test."""
    url = make_url(f"sqlite+aiosqlite:///{tmp_path / 'cabinet.db'}")
    engine = create_engine(str(url), async_creator=inline_connector(url, 0.2))
    try:
        async with engine.begin() as connection:
            await connection.run_sync(metadata.create_all)
        async with bot_world(engine, files_dir=str(tmp_path / "files")) as world:
            yield world
    finally:
        await engine.dispose()


@contextlib.contextmanager
def another_process_writing(world: BotWorld) -> Iterator[None]:
    """Another process (a `cabinet import`, say) holds the database's write lock meanwhile."""
    database = world.engine.url.database
    assert database is not None
    connection = sqlite3.connect(database, isolation_level=None)
    try:
        connection.execute("BEGIN IMMEDIATE")
        yield
    finally:
        connection.execute("ROLLBACK")
        connection.close()


async def bot_finished(world: BotWorld, client: UserClient) -> None:
    """Returns once the bot is done with the chat's update under way: its dialog state is written
    when the update ends, after the reply the test has seen."""
    assert world.dispatcher is not None
    bot_id = int(world.emu.token.partition(":")[0])
    key = StorageKey(bot_id=bot_id, chat_id=client.id, user_id=client.id)
    async with world.dispatcher.fsm.events_isolation.lock(key):
        pass


async def disk_fails_writing(world: BotWorld, table: str, column: str) -> None:
    """From now on a statement writing `column` fails, as a failing disk would fail it."""
    trigger = f"""
        CREATE TRIGGER {table}_{column}_fails BEFORE UPDATE OF {column} ON {table}
        BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END
    """
    async with world.engine.begin() as connection:
        await connection.execute(text(trigger))


# --- downloads Telegram refuses ----------------------------------------------------------------


async def test_a_refused_photo_download_asks_for_the_photo_again_and_logs_no_token(
    linking_world: BotWorld, caplog: pytest.LogCaptureFixture
) -> None:
    world = linking_world
    caplog.set_level(logging.DEBUG)
    await seed_account(world)
    customer, _user_id = await customer_linking(world)
    await ask_for_photo(customer)
    await world.emu.inject_fault(404, method="file")  # the file's path expired, say

    await customer.send_photo(JPEG)
    refusal = await customer.expect_message()
    await customer.send_photo(JPEG)
    await customer.expect_message(contains="отправлена сотрудникам")

    assert "Не получилось получить фото от Telegram. Пришлите его ещё раз." in refusal.text
    lines = logged(caplog)
    assert '"message": "photo not downloaded"' in lines and '"status": 404' in lines
    assert token_secret(world) not in lines


@pytest.fixture
def production_log() -> Iterator[io.StringIO]:
    """What `cabinet run` writes (its handler, with its filter), at DEBUG."""
    written = io.StringIO()
    handler = json_log_handler(written)
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        yield written
    finally:
        root.removeHandler(handler)
        root.setLevel(level)


async def test_a_refused_download_of_a_support_file_writes_no_token(
    support_world: BotWorld, production_log: io.StringIO
) -> None:
    world = support_world
    anna = await customer_with_account(world, "+79280000001", "Анна", "110000001")
    topic, _copy = await first_message(world, anna.client, "Здравствуйте")
    await world.emu.inject_fault(404, method="file")

    await upload(anna.client, "photo", JPEG, caption="счётчик", mime_type="image/jpeg")
    copy = await world.emu.staff.expect_message(thread_id=topic)
    await anna.client.expect_message()  # whatever the bot makes of it, it has answered

    assert copy.photo and copy.text == "счётчик"  # staff see it by its file_id all the same
    assert token_secret(world) not in production_log.getvalue()


# --- statements failing on a locked database ---------------------------------------------------


async def test_a_contact_shared_while_the_database_is_locked_logs_no_phone(
    impatient_world: BotWorld, caplog: pytest.LogCaptureFixture
) -> None:
    world = impatient_world
    caplog.set_level(logging.DEBUG)
    user = await world.customer(phone="+79283456789")
    await consent(user)
    await bot_finished(world, user)

    with another_process_writing(world):
        await user.share_contact()
        apology = await user.expect_message()
    await user.share_contact()  # the lock gone, the same contact signs in
    await expect_signed_in(user, "Вы зарегистрированы")

    assert UNEXPECTED in apology.text
    lines = logged(caplog)
    assert "database is locked" in lines and "INSERT INTO users (phone" in lines
    for written in ("79283456789", "9283456789", "928 345"):
        assert written not in lines


async def test_an_e_mail_given_while_the_database_is_locked_is_not_logged(
    impatient_world: BotWorld, caplog: pytest.LogCaptureFixture
) -> None:
    world = impatient_world
    caplog.set_level(logging.DEBUG)
    anna = await signed_in_customer(world)
    client = anna.client
    await open_profile(anna)
    await client.click("✉️ Изменить e-mail")
    await client.expect_edit(contains="Напишите новый адрес")
    await bot_finished(world, client)

    with another_process_writing(world):
        await client.send("anna.petrova@example.ru")
        apology = await client.expect_message()

    assert UNEXPECTED in apology.text
    lines = logged(caplog)
    assert "database is locked" in lines and "verification_codes.target = ?" in lines
    assert "anna.petrova" not in lines


# --- statements failing as they write a value ----------------------------------------------------


async def test_a_password_hash_whose_write_fails_is_not_logged(
    world: BotWorld, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    anna = await signed_in_customer(world)
    await disk_fails_writing(world, "users", "password_hash")
    client = anna.client
    await open_profile(anna)
    await client.click("🔑 Изменить пароль")
    await client.expect_edit(contains="Пароля у вас ещё нет")
    await client.send("Quiet-river-42")
    await client.expect_message(contains="ещё раз")

    await client.send("Quiet-river-42")
    apology = await client.expect_message()

    assert UNEXPECTED in apology.text
    lines = logged(caplog)
    assert "disk I/O error" in lines and "UPDATE users SET password_hash=?" in lines
    assert "$argon2" not in lines and "Quiet-river-42" not in lines


async def test_an_address_whose_write_fails_is_not_logged(
    world: BotWorld, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    anna = await signed_in_customer(world)
    await disk_fails_writing(world, "users", "street")
    client = anna.client
    await open_profile(anna)
    await client.click("📬 Контактная информация")
    await client.expect_edit(contains="Контактная информация")
    await client.click("Улица")
    await client.expect_message(contains="«Улица»")

    await client.send("ул. Подгорная")
    apology = await client.expect_message()

    assert UNEXPECTED in apology.text
    lines = logged(caplog)
    assert "disk I/O error" in lines and "UPDATE users SET street=?" in lines
    assert "Подгорная" not in lines
