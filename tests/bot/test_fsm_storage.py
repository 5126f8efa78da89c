"""Dialog state kept in the database survives a restart and refuses what JSON cannot hold."""

from __future__ import annotations

from datetime import date

import pytest
from aiogram.fsm.storage.base import StorageKey
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.database import create_session_factory
from storage.fsm_storage import DatabaseFsmStorage
from tests.sql import statement_words

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


async def test_an_update_reads_the_record_once_and_a_step_writes_it_once(
    sqlite_engine: AsyncEngine,
) -> None:
    storage = DatabaseFsmStorage(create_session_factory(sqlite_engine))
    isolation = storage.isolation()
    with statement_words(sqlite_engine) as seen:
        async with isolation.lock(KEY):  # as aiogram holds it around one update
            assert await storage.get_state(KEY) is None
            assert await storage.get_data(KEY) == {}
            await storage.set_state(KEY, "Readings:value")  # a dialog's step: state and data
            await storage.set_data(KEY, {"meter_id": 7})
            assert await storage.get_state(KEY) == "Readings:value"
    assert seen == ["SELECT", "INSERT"]

    with statement_words(sqlite_engine) as seen:
        async with isolation.lock(KEY):  # the next update of the chat: remembered
            assert await storage.get_state(KEY) == "Readings:value"
            assert await storage.get_data(KEY) == {"meter_id": 7}
            await storage.set_state(KEY, None)
            await storage.set_data(KEY, {})
    assert seen == ["UPDATE"]

    restarted = DatabaseFsmStorage(create_session_factory(sqlite_engine))
    assert await restarted.get_state(KEY) is None
    assert await restarted.get_data(KEY) == {}


async def test_a_menu_press_that_clears_and_starts_a_dialog_writes_once(
    sqlite_engine: AsyncEngine,
) -> None:
    storage = DatabaseFsmStorage(create_session_factory(sqlite_engine))
    isolation = storage.isolation()
    async with isolation.lock(KEY):
        await storage.set_state(KEY, "Readings:value")
        await storage.set_data(KEY, {"meter_id": 7, "values": {"T": "10250"}})

    with statement_words(sqlite_engine) as seen:
        async with isolation.lock(KEY):  # «Передать показания» pressed mid-dialog
            await storage.set_state(KEY, None)  # FSMContext.clear()
            await storage.set_data(KEY, {})
            assert await storage.get_data(KEY) == {}
            await storage.set_state(KEY, "Readings:account")  # the new dialog's first step
            await storage.set_data(KEY, {})
    assert seen == ["UPDATE"]

    with statement_words(sqlite_engine) as seen:
        async with isolation.lock(KEY):  # a clearing alone is written when the update ends
            await storage.set_state(KEY, None)
            await storage.set_data(KEY, {})
            assert seen == []
    assert seen == ["UPDATE"]
    restarted = DatabaseFsmStorage(create_session_factory(sqlite_engine))
    assert await restarted.get_state(KEY) is None
    assert await restarted.get_data(KEY) == {}


async def test_a_state_set_alone_is_saved_when_the_update_ends(sqlite_engine: AsyncEngine) -> None:
    storage = DatabaseFsmStorage(create_session_factory(sqlite_engine))
    with pytest.raises(RuntimeError):
        async with storage.isolation().lock(KEY):
            await storage.set_state(KEY, "Readings:summary")
            raise RuntimeError("the handler failed after it moved the dialog on")

    restarted = DatabaseFsmStorage(create_session_factory(sqlite_engine))
    assert await restarted.get_state(KEY) == "Readings:summary"


async def test_data_handed_out_cannot_change_what_is_remembered(
    sqlite_engine: AsyncEngine,
) -> None:
    storage = DatabaseFsmStorage(create_session_factory(sqlite_engine))
    isolation = storage.isolation()
    async with isolation.lock(KEY):
        await storage.set_data(KEY, {"values": {"T1": "100"}})
        data = await storage.get_data(KEY)
        data["values"]["T1"] = "999"
    async with isolation.lock(KEY):
        assert await storage.get_data(KEY) == {"values": {"T1": "100"}}


async def test_a_write_from_outside_an_update_is_not_hidden_by_the_memory(
    sqlite_engine: AsyncEngine,
) -> None:
    storage = DatabaseFsmStorage(create_session_factory(sqlite_engine))
    isolation = storage.isolation()
    async with isolation.lock(KEY):
        await storage.update_data(KEY, {"step": 1})
    await storage.update_data(KEY, {"step": 2})  # no lock held: straight to the database
    async with isolation.lock(KEY):
        assert await storage.get_data(KEY) == {"step": 2}
