"""Dialog state kept in the database survives a restart and refuses what JSON cannot hold."""

from __future__ import annotations

from datetime import date

import pytest
from aiogram.fsm.storage.base import StorageKey
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.database import create_session_factory
from storage.fsm_storage import DatabaseFsmStorage

KEY = StorageKey(bot_id=42, chat_id=1001, user_id=1001)


async def test_state_and_data_survive_a_new_storage(any_engine: AsyncEngine) -> None:
    first = DatabaseFsmStorage(create_session_factory(any_engine))
    await first.set_state(KEY, "Linking:els")
    await first.update_data(KEY, {"account_id": 7, "number": "0012345678"})
    await first.update_data(KEY, {"attempt": 2})

    restarted = DatabaseFsmStorage(create_session_factory(any_engine))
    assert await restarted.get_state(KEY) == "Linking:els"
    assert await restarted.get_data(KEY) == {"account_id": 7, "number": "0012345678", "attempt": 2}
    other = StorageKey(bot_id=42, chat_id=2002, user_id=2002)
    assert await restarted.get_state(other) is None
    assert await restarted.get_data(other) == {}


async def test_clearing_the_state(sqlite_engine: AsyncEngine) -> None:
    storage = DatabaseFsmStorage(create_session_factory(sqlite_engine))
    await storage.set_state(KEY, "Readings:value")
    await storage.set_state(KEY, None)
    await storage.set_data(KEY, {})
    assert await storage.get_state(KEY) is None
    assert await storage.get_data(KEY) == {}


async def test_data_that_is_not_json_is_refused(sqlite_engine: AsyncEngine) -> None:
    storage = DatabaseFsmStorage(create_session_factory(sqlite_engine))
    with pytest.raises(TypeError):
        await storage.set_data(KEY, {"when": date(2026, 11, 26)})


async def test_update_data_merges_and_returns_the_whole_data(sqlite_engine: AsyncEngine) -> None:
    storage = DatabaseFsmStorage(create_session_factory(sqlite_engine))
    assert await storage.update_data(KEY, {"zone": "T1"}) == {"zone": "T1"}
    assert await storage.update_data(KEY, {"value": "123"}) == {"zone": "T1", "value": "123"}
    with pytest.raises(TypeError):
        await storage.update_data(KEY, {"when": date(2026, 11, 26)})
    assert await storage.get_data(KEY) == {"zone": "T1", "value": "123"}
