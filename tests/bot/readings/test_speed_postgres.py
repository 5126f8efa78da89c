"""The readings dialog's bot tests once more, on PostgreSQL: the remembered identity and dialog
state, the one-connection SQLite pool and the per-chat lock must not be what makes them pass.

The tests are the SQLite modules' own, taken into this module, whose `world` and `photo_world`
put them on PostgreSQL (skipped off CI when it is absent, like every PostgreSQL test).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.bot.kit import BotWorld, bot_world
from tests.bot.readings import (
    test_once,
    test_other_account,
    test_photo,
    test_readings,
    test_validation,
)

SQLITE_MODULES = (
    test_readings,
    test_once,
    test_other_account,
    test_photo,
    test_validation,
)
globals().update(
    (name, test)
    for module in SQLITE_MODULES
    for name, test in vars(module).items()
    if name.startswith("test_")
)


@pytest.fixture
async def world(postgres_engine: AsyncEngine) -> AsyncIterator[BotWorld]:
    async with bot_world(postgres_engine) as running:
        yield running


@pytest.fixture
async def photo_world(postgres_engine: AsyncEngine, tmp_path: Path) -> AsyncIterator[BotWorld]:
    async with bot_world(postgres_engine, files_dir=str(tmp_path)) as running:
        yield running
