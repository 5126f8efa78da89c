"""aiogram's per-chat lock within this process, with a block of a storage's own inside it: while
the lock is held no other update of the chat runs here, so the storage may use what it read of
the chat (`storage/fsm_storage.py`, `bot/dialog_redis_storage.py`)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager

from aiogram.fsm.storage.base import BaseEventIsolation, StorageKey
from aiogram.fsm.storage.memory import SimpleEventIsolation


class ChatLockWith(BaseEventIsolation):
    def __init__(self, inside: Callable[[StorageKey], AbstractAsyncContextManager[None]]) -> None:
        self._inside = inside
        self._lock = SimpleEventIsolation()

    @asynccontextmanager
    async def lock(self, key: StorageKey) -> AsyncIterator[None]:
        async with self._lock.lock(key), self._inside(key):
            yield

    async def close(self) -> None:
        await self._lock.close()
