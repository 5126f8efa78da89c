"""The whole bot with its emulator and bank sandbox, on SQLite (tests that need PostgreSQL too
ask for a world of their own)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.bot.kit import BotWorld, bot_world


@pytest.fixture
async def world(sqlite_engine: AsyncEngine) -> AsyncIterator[BotWorld]:
    async with bot_world(sqlite_engine) as running:
        yield running
