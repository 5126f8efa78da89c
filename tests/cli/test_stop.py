"""A supervisor's SIGTERM stops `cabinet run` as Ctrl+C does: cleanly, with exit code 0."""

from __future__ import annotations

import asyncio
import signal
from pathlib import Path

from emulator.kit import EmulatorHarness
from emulator.kit.ports import free_port
from storage.migrate import upgrade
from tests.cli.processes import cabinet_in_this_env, clean_env, running


async def test_sigterm_stops_the_bot_cleanly(tmp_path: Path, emulator: EmulatorHarness) -> None:
    database = f"sqlite+aiosqlite:///{tmp_path}/cabinet.db"
    await upgrade(database)
    settings = clean_env(
        BOT_TOKEN=emulator.token,
        TELEGRAM_API_URL=emulator.base_url,
        DATABASE_URL=database,
        WEB_PORT=str(free_port()),
    )
    async with running(
        [*cabinet_in_this_env(), "run"], tmp_path, settings, "polling for updates"
    ) as bot:
        bot.send_signal(signal.SIGTERM)
        code = await asyncio.wait_for(bot.wait(), 20)
    assert code == 0  # killed by the signal, it would be -15
