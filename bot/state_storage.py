"""Where dialog state lives: Redis when `REDIS_URL` is set (several workers), else the database."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from aiogram.fsm.state import State
from aiogram.fsm.storage.base import (
    BaseEventIsolation,
    BaseStorage,
    DefaultKeyBuilder,
    StateType,
    StorageKey,
)
from aiogram.fsm.storage.memory import SimpleEventIsolation
from aiogram.fsm.storage.redis import RedisStorage
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.fsm_storage import DatabaseFsmStorage


class DialogRedisStorage(RedisStorage):
    """aiogram's Redis storage, which also writes a dialog's step and its data together: one
    round trip (a pipeline) instead of one for the state and one for the data. Not a MULTI/EXEC
    transaction: aiogram's two writes are not one either (other writers are kept out: the
    update inbox hands a chat's updates out one at a time), and a transaction costs the bot more
    CPU time than the two writes it saves."""

    async def save_step(self, key: StorageKey, state: StateType, data: Mapping[str, Any]) -> None:
        """What `set_state(state)` then `set_data(data)` write, the same keys and expiry."""
        state_key = self.key_builder.build(key, "state")
        data_key = self.key_builder.build(key, "data")
        async with self.redis.pipeline(transaction=False) as pipeline:
            if state is None:
                pipeline.delete(state_key)
            else:
                value = state.state if isinstance(state, State) else state
                pipeline.set(state_key, str(value), ex=self.state_ttl)
            if data:
                pipeline.set(data_key, self.json_dumps(dict(data)), ex=self.data_ttl)
            else:
                pipeline.delete(data_key)
            await pipeline.execute()


def build_state_storage(
    redis_url: str | None, session_factory: async_sessionmaker[AsyncSession]
) -> tuple[BaseStorage, BaseEventIsolation]:
    key_builder = DefaultKeyBuilder(with_bot_id=True, with_destiny=True)
    if redis_url:
        storage = DialogRedisStorage.from_url(redis_url, key_builder=key_builder)
        # The update inbox already hands a chat's updates out one at a time across all workers
        # (bot/inbox). A lock in Redis on top of it cost two round trips per update, and a worker
        # killed while it held one kept that chat waiting for the lock's 60 s, past the inbox's
        # lease: the lock within this process is enough.
        return storage, SimpleEventIsolation()
    database = DatabaseFsmStorage(session_factory, key_builder)
    # One update of a chat at a time in this process; the chat's record is read once per update.
    return database, database.isolation()
