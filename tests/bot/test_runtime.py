"""`cabinet run`'s runtime end to end: settings → database → bot polling the emulator → web app."""

from __future__ import annotations

import asyncio
from pathlib import Path

import aiohttp
from pydantic import SecretStr

from bot.runtime import build_runtime, serve
from core.settings import Settings
from emulator.kit.harness import EmulatorHarness
from emulator.kit.ports import free_port
from storage.migrate import upgrade


async def test_the_bot_runs_from_settings_answers_and_reports_health(
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
    )
    stop = asyncio.Event()
    running = asyncio.create_task(serve(build_runtime(settings), stop))
    try:
        user = await emulator.new_user()
        await user.send("что тут есть?")
        assert "Выберите раздел" in (await user.expect_message()).text
        async with (
            aiohttp.ClientSession() as http,
            http.get(f"http://127.0.0.1:{settings.web_port}/healthz") as response,
        ):
            assert response.status == 200
            assert (await response.json()) == {"status": "ok"}
        async with (
            aiohttp.ClientSession() as http,
            http.get(f"http://127.0.0.1:{settings.web_port}/consent") as response,
        ):
            assert response.status == 200
            assert "персональных данных" in await response.text()
    finally:
        stop.set()
        await asyncio.wait_for(running, 10)
