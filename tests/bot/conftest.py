from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.bot.kit import BotWorld, bot_world


@pytest.fixture
async def world(sqlite_engine: AsyncEngine) -> AsyncIterator[BotWorld]:
    """The whole bot on SQLite with the database FSM storage, polling the emulator."""
    async with bot_world(sqlite_engine) as running:
        yield running
