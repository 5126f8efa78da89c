"""A dialog's step saved in Redis in one round trip holds what aiogram's two writes would."""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator

import pytest
from aiogram.fsm.context import FSMContext
from aiogram.fsm.storage.base import DefaultKeyBuilder, StorageKey

from bot.fsm.readings import SendReadings
from bot.handlers.common.dialog import save
from bot.state_storage import DialogRedisStorage, build_state_storage
from storage.chat_lock import ChatLockWith
from tests.conftest import REDIS_URL, require_service

pytestmark = pytest.mark.redis


@pytest.fixture
async def storage() -> AsyncIterator[DialogRedisStorage]:
    require_service("Redis", "127.0.0.1", 6379)
    key_builder = DefaultKeyBuilder(with_bot_id=True, with_destiny=True)
    built = DialogRedisStorage.from_url(REDIS_URL, key_builder=key_builder, state_ttl=600)
    assert isinstance(built, DialogRedisStorage)  # aiogram's from_url builds `cls`
    try:
        yield built
    finally:
        await built.close()


def _key() -> StorageKey:
    chat = secrets.randbelow(10**9) + 1
    return StorageKey(bot_id=secrets.randbelow(10**9) + 1, chat_id=chat, user_id=chat)


async def test_a_step_and_its_data_are_saved_together(storage: DialogRedisStorage) -> None:
    state = FSMContext(storage=storage, key=_key())
    await save(state, SendReadings.value, {"meter_id": 7, "values": {}})
    assert await state.get_state() == SendReadings.value.state
    assert await state.get_data() == {"meter_id": 7, "values": {}}
    ttl = await storage.redis.ttl(storage.key_builder.build(state.key, "state"))
    assert 0 < ttl <= 600  # the storage's expiry, as set_state gives it
    await save(state, None, {})
    assert await state.get_state() is None
    assert await state.get_data() == {}
    assert await storage.redis.exists(storage.key_builder.build(state.key, "data")) == 0


async def test_the_cabinet_uses_it_with_redis() -> None:
    require_service("Redis", "127.0.0.1", 6379)
    built, isolation = build_state_storage(REDIS_URL, None)  # type: ignore[arg-type]
    try:
        assert isinstance(built, DialogRedisStorage)
    finally:
        await isolation.close()
        await built.close()


async def _calls(storage: DialogRedisStorage) -> dict[str, int]:
    """How many GET and MGET commands Redis has run so far (its command statistics)."""
    stats = await storage.redis.info("commandstats")
    return {name: int(stats.get(f"cmdstat_{name}", {}).get("calls", 0)) for name in ("get", "mget")}


async def test_an_update_reads_its_chat_once_and_sees_its_own_writes(
    storage: DialogRedisStorage,
) -> None:
    key = _key()
    outside = FSMContext(storage=storage, key=key)
    await save(outside, SendReadings.account, {"account_id": 3})
    isolation = ChatLockWith(storage.reading_once)

    before = await _calls(storage)
    async with isolation.lock(key):  # an update of the chat being handled
        state = FSMContext(storage=storage, key=key)
        assert await state.get_state() == SendReadings.account.state
        assert await state.get_data() == {"account_id": 3}
        assert await state.get_data() == {"account_id": 3}
        read = await _calls(storage)
        await save(state, SendReadings.value, {"account_id": 3, "meter_id": 7})
        assert await state.get_state() == SendReadings.value.state
        await state.update_data(values={"T": "10250"})
        assert await state.get_data() == {"account_id": 3, "meter_id": 7, "values": {"T": "10250"}}
        after = await _calls(storage)
    assert read["mget"] - before["mget"] == 1 and read["get"] == before["get"]  # one round trip
    assert after == read  # its own writes are not read back

    assert await outside.get_state() == SendReadings.value.state  # as Redis holds it
    assert await outside.get_data() == {"account_id": 3, "meter_id": 7, "values": {"T": "10250"}}
    assert (await _calls(storage))["get"] == after["get"] + 2  # outside an update: read each time
    await isolation.close()
