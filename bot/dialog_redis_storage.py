"""Dialog state in Redis: read in one round trip per update, a step and its data written in one."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

from aiogram.fsm.state import State
from aiogram.fsm.storage.base import StateType, StorageKey
from aiogram.fsm.storage.redis import RedisStorage


@dataclass
class _Read:
    state: str | None
    data: str | None  # JSON as Redis holds it; every read hands out a fresh copy


class DialogRedisStorage(RedisStorage):
    """aiogram's Redis storage, with two round trips saved on a dialog's step:

    - while an update of the chat is handled (`reading_once`, inside the chat's lock), its state
      and data are read together, once (one MGET), and the update's own writes keep what was
      read up to date; another update of the chat cannot write meanwhile (the update inbox hands
      a chat's updates out one at a time, across workers);
    - a step and its data are written together (`save_step`): one round trip (a pipeline) instead
      of one for the state and one for the data. Not a MULTI/EXEC transaction: aiogram's two
      writes are not one either, and a transaction costs the bot more CPU time than the two
      writes it saves."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._held: dict[str, _Read | None] = {}  # by state key: the chats being handled

    @asynccontextmanager
    async def reading_once(self, key: StorageKey) -> AsyncIterator[None]:
        """The chat's state and data are read once inside the block (its lock is held)."""
        name = self.key_builder.build(key, "state")
        if name in self._held:  # nested: the outer block forgets
            yield
            return
        self._held[name] = None
        try:
            yield
        finally:
            del self._held[name]

    async def get_state(self, key: StorageKey) -> str | None:
        read = await self._read(key)
        return await super().get_state(key) if read is None else read.state

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        read = await self._read(key)
        if read is None:
            return await super().get_data(key)
        return dict(self.json_loads(read.data)) if read.data else {}

    async def set_state(self, key: StorageKey, state: StateType = None) -> None:
        await super().set_state(key, state)
        self._wrote(key, state=_state_name(state))

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        await super().set_data(key, data)
        self._wrote(key, data=self.json_dumps(dict(data)) if data else None)

    async def save_step(self, key: StorageKey, state: StateType, data: Mapping[str, Any]) -> None:
        """What `set_state(state)` then `set_data(data)` write, the same keys and expiry."""
        state_key = self.key_builder.build(key, "state")
        data_key = self.key_builder.build(key, "data")
        name = _state_name(state)
        text = self.json_dumps(dict(data)) if data else None
        async with self.redis.pipeline(transaction=False) as pipeline:
            if name is None:
                pipeline.delete(state_key)
            else:
                pipeline.set(state_key, name, ex=self.state_ttl)
            if text is None:
                pipeline.delete(data_key)
            else:
                pipeline.set(data_key, text, ex=self.data_ttl)
            await pipeline.execute()
        self._wrote(key, state=name, data=text)

    async def _read(self, key: StorageKey) -> _Read | None:
        """The chat's record, read on first use while its update is handled; None otherwise."""
        name = self.key_builder.build(key, "state")
        if name not in self._held:
            return None
        read = self._held[name]
        if read is None:
            state, data = await self.redis.mget(name, self.key_builder.build(key, "data"))
            read = self._held[name] = _Read(_text(state), _text(data))
        return read

    def _wrote(self, key: StorageKey, **written: str | None) -> None:
        read = self._held.get(self.key_builder.build(key, "state"))
        if read is not None:  # read already: kept as Redis now holds it
            for field, value in written.items():
                setattr(read, field, value)


def _state_name(state: StateType) -> str | None:
    if state is None:
        return None
    return str(state.state if isinstance(state, State) else state)


def _text(value: bytes | str | None) -> str | None:
    return value.decode("utf-8") if isinstance(value, bytes) else value
