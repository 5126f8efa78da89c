"""`cabinet run` delivers the outbox: the runtime starts the sender (and the scheduler) with the
bot, with the settings' pace, and stops them with it."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path

from pydantic import SecretStr

from bot.runtime import build_runtime, serve
from core.entities.users import TelegramIdentity, User
from core.enums import NotificationKind
from core.notifications.outbox import notify_user
from core.settings import Settings
from emulator.kit.harness import EmulatorHarness
from emulator.kit.ports import free_port
from storage.database import create_engine, create_session_factory
from storage.migrate import upgrade
from storage.uow import unit_of_work_factory

NOW = datetime(2026, 11, 18, 9, 30, tzinfo=UTC)


async def test_the_running_bot_sends_what_a_service_enqueued(
    emulator: EmulatorHarness, tmp_path: Path
) -> None:
    database_url = f"sqlite+aiosqlite:///{tmp_path / 'cabinet.db'}"
    await upgrade(database_url)
    settings = Settings(
        _env_file=None,
        bot_token=SecretStr(emulator.token),
        telegram_api_url=emulator.api_base,
        database_url=database_url,
        web_port=free_port(),
        notify_poll_seconds=0.05,
        notify_rate_per_second=20,
    )
    runtime = build_runtime(settings)
    assert runtime.notifications is not None
    assert runtime.notifications.sender.config.rate_per_second == 20
    person = await emulator.new_user()
    engine = create_engine(database_url)
    uow_factory = unit_of_work_factory(create_session_factory(engine))
    stop = asyncio.Event()
    running = asyncio.create_task(serve(runtime, stop))
    try:
        async with uow_factory() as uow:
            user = User(language="ru", created_at=NOW)
            uow.session.add(user)
            await uow.session.flush()
            uow.session.add(
                TelegramIdentity(
                    telegram_user_id=person.id, user_id=user.id, chat_id=person.id, created_at=NOW
                )
            )
            await uow.session.flush()
            await notify_user(
                uow,
                user_id=user.id,
                kind=NotificationKind.BROADCAST,
                payload={"text": "Сервис обновлён"},
                dedup_key="broadcast:1",
                now=NOW,
            )
            await uow.commit()

        assert (await person.expect_message()).text == "📢 Сервис обновлён"
    finally:
        stop.set()
        await asyncio.wait_for(running, 10)
        await engine.dispose()
