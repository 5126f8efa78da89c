"""A kill -9 of `cabinet run` while it handles an update loses nothing: the real command polls the
emulator, a customer writes to support while the copy to the staff topic hangs, the process is
killed with SIGKILL, and the next start hands the message on exactly once."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from core.entities.users import TelegramIdentity, User
from core.settings import Settings
from emulator.kit.clients import UserClient
from emulator.kit.harness import EmulatorHarness
from emulator.kit.ports import free_port
from storage.database import create_engine, create_session_factory
from storage.migrate import upgrade
from storage.models import support_messages_table, update_inbox_table
from storage.uow import UnitOfWorkFactory, unit_of_work_factory
from tests.bot.support.test_scene import CARD_MARK, start_writing

NOW = datetime(2026, 11, 18, 9, 30, tzinfo=UTC)
# Importing aiogram alone takes seconds on a busy machine; a start is given this long.
START_SECONDS = 90.0


def run_environment(emulator: EmulatorHarness, database_url: str, tmp_path: Path) -> dict[str, str]:
    """The environment of `cabinet run`: none of the settings of the machine running the tests."""
    settings = {name.upper() for name in Settings.model_fields}
    environment = {name: value for name, value in os.environ.items() if name not in settings}
    environment.update(
        BOT_TOKEN=emulator.token,
        TELEGRAM_API_URL=emulator.api_base,
        DATABASE_URL=database_url,
        STAFF_CHAT_ID=str(emulator.staff_chat_id),
        FILES_DIR=str(tmp_path / "files"),
        SMTP_PORT=str(free_port()),
        # A crashed holder's update is taken over a second after its last renewal.
        INBOX_LEASE_SECONDS="1",
        INBOX_RECOVERY_SECONDS="0.2",
    )
    return environment


@contextlib.asynccontextmanager
async def cabinet_run(
    environment: dict[str, str], cwd: Path, log: Path
) -> AsyncIterator[asyncio.subprocess.Process]:
    """`python -m bot` (that is `cabinet run`) with its own web port; killed at the end if it
    still runs."""
    with log.open("ab") as stderr:
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            cwd=cwd,  # no .env of the checkout is read
            env={**environment, "WEB_PORT": str(free_port())},
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=stderr,
        )
    try:
        yield process
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()


async def signed_in_customer(uow_factory: UnitOfWorkFactory, client: UserClient) -> int:
    async with uow_factory() as uow:
        user = User(phone="+79280000001", first_name="Анна", consented_at=NOW, created_at=NOW)
        uow.session.add(user)
        await uow.session.flush()
        uow.session.add(
            TelegramIdentity(
                telegram_user_id=client.id, user_id=user.id, chat_id=client.id, created_at=NOW
            )
        )
        await uow.commit()
        return user.id


async def until_fault_is_hit(emulator: EmulatorHarness) -> None:
    """Until the bot's call that the fault was set for is waiting for its answer."""
    for _ in range(int(START_SECONDS / 0.05)):
        faults = await emulator.control("GET", "/_emu/faults")
        if not faults["pending"]:
            return
        await asyncio.sleep(0.05)
    raise AssertionError("the bot never made the call that hangs")


@pytest.mark.timeout(300)
async def test_a_message_being_handled_at_a_kill_is_handled_after_the_restart(
    emulator: EmulatorHarness, tmp_path: Path
) -> None:
    database_url = f"sqlite+aiosqlite:///{tmp_path / 'cabinet.db'}"
    await upgrade(database_url)
    engine = create_engine(database_url)
    uow_factory = unit_of_work_factory(create_session_factory(engine))
    anna = await emulator.new_user(first_name="Анна")
    await signed_in_customer(uow_factory, anna)
    environment = run_environment(emulator, database_url, tmp_path)
    log = tmp_path / "cabinet-run.log"
    staff = emulator.staff
    try:
        async with cabinet_run(environment, tmp_path, log) as first:
            await asyncio.wait_for(emulator.world.updates.polling.wait(), START_SECONDS)
            await start_writing(anna)
            await anna.send("Первое сообщение")
            await anna.expect_message(contains="Сообщение отправлено")
            card = await staff.expect_message(contains=CARD_MARK)
            topic = card.thread_id
            assert (await staff.expect_message(thread_id=topic)).text == "Первое сообщение"

            # Telegram takes 4 seconds over the copy to the staff topic; the process dies.
            await emulator.inject_fault(500, method="copyMessage", delay=4.0)
            await anna.send("Второе сообщение")
            await until_fault_is_hit(emulator)
            first.send_signal(signal.SIGKILL)
            assert await first.wait() == -signal.SIGKILL

        async with cabinet_run(environment, tmp_path, log):
            copy = await staff.expect_message(thread_id=topic, timeout=START_SECONDS)
            assert copy.text == "Второе сообщение"
            await anna.expect_message(contains="Сообщение отправлено")
            await staff.expect_no_message(within=1.0)
            await anna.expect_no_message()

        async with uow_factory() as uow:
            texts = list(
                await uow.session.scalars(
                    select(support_messages_table.c.text).order_by(support_messages_table.c.id)
                )
            )
            attempts = list(
                await uow.session.scalars(
                    select(update_inbox_table.c.attempts).where(
                        update_inbox_table.c.handled_at.is_not(None)
                    )
                )
            )
        assert texts == ["Первое сообщение", "Второе сообщение"]
        # The menu button, «Написать», two messages: all handled, the killed one on its second try.
        assert sorted(attempts) == [1, 1, 1, 2]
    except BaseException:
        print(log.read_text(encoding="utf-8", errors="replace")[-20_000:])
        raise
    finally:
        await engine.dispose()
