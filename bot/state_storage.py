"""Where dialog state lives: Redis when `REDIS_URL` is set (several workers), else the database."""

from __future__ import annotations

from aiogram.fsm.storage.base import BaseEventIsolation, BaseStorage, DefaultKeyBuilder
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.dialog_redis_storage import DialogRedisStorage
from storage.chat_lock import ChatLockWith
from storage.fsm_storage import DatabaseFsmStorage

__all__ = ["DialogRedisStorage", "build_state_storage"]


def build_state_storage(
    redis_url: str | None, session_factory: async_sessionmaker[AsyncSession]
) -> tuple[BaseStorage, BaseEventIsolation]:
    key_builder = DefaultKeyBuilder(with_bot_id=True, with_destiny=True)
    if redis_url:
        storage = DialogRedisStorage.from_url(redis_url, key_builder=key_builder)
        assert isinstance(storage, DialogRedisStorage)  # aiogram's from_url builds `cls`
        # The update inbox already hands a chat's updates out one at a time across all workers
        # (bot/inbox). A lock in Redis on top of it cost two round trips per update, and a worker
        # killed while it held one kept that chat waiting for the lock's 60 s, past the inbox's
        # lease: the lock within this process is enough (and lets the chat be read once).
        return storage, ChatLockWith(storage.reading_once)
    database = DatabaseFsmStorage(session_factory, key_builder)
    # One update of a chat at a time in this process; the chat's record is read once per update.
    return database, database.isolation()
