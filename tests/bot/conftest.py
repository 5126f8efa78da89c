from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.migrate import upgrade
from tests.bot.kit import BotWorld, bot_world
from tests.bot.redis_kit import redis_bot
from tests.conftest import REDIS_URL
from tests.core.accounts.seed import Seed


@pytest.fixture
async def world(sqlite_engine: AsyncEngine, tmp_path: Path) -> AsyncIterator[BotWorld]:
    """The whole bot on SQLite with the database FSM storage, polling the emulator; the files
    customers send (photos, documents) are kept under `tmp_path/files`."""
    async with bot_world(sqlite_engine, files_dir=str(tmp_path / "files")) as running:
        yield running


@pytest.fixture
def linking_world(world: BotWorld) -> BotWorld:
    """The name the linking and staff-review tests know the world by."""
    return world


@pytest.fixture
def support_world(world: BotWorld) -> BotWorld:
    """The name the support tests know the world by."""
    return world


@pytest.fixture
def seed(world: BotWorld) -> Seed:
    """Rows written straight through the world's unit of work (whichever `world` the test uses)."""
    return Seed(world.cabinet.uow_factory)


@pytest.fixture
async def database_url(tmp_path: Path) -> str:
    """A migrated SQLite database file, for a runtime built from settings as `cabinet run` is."""
    url = f"sqlite+aiosqlite:///{tmp_path / 'cabinet.db'}"
    await upgrade(url)
    return url


@pytest.fixture
async def redis_world(sqlite_engine: AsyncEngine, tmp_path: Path) -> AsyncIterator[BotWorld]:
    """The whole bot as on several workers: dialog state, event isolation and albums in Redis
    (`TEST_REDIS_URL`). The bot has an id of its own, and its keys are deleted afterwards."""
    async with (
        redis_bot(REDIS_URL) as token,
        bot_world(
            sqlite_engine, token=token, files_dir=str(tmp_path / "files"), redis_url=REDIS_URL
        ) as running,
    ):
        yield running


@pytest.fixture(params=["memory", "redis"])
def album_world(request: pytest.FixtureRequest) -> BotWorld:
    """The support world twice: albums gathered in the process, and in Redis."""
    world: BotWorld = request.getfixturevalue(
        "world" if request.param == "memory" else "redis_world"
    )
    return world
