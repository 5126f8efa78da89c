"""aiogram FSM storage in the cabinet's database, so dialogs survive a restart without Redis.

Data goes through JSON on every write: what Redis could not hold fails here too, in tests.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from aiogram.fsm.state import State
from aiogram.fsm.storage.base import (
    BaseStorage,
    DefaultKeyBuilder,
    KeyBuilder,
    StateType,
    StorageKey,
)
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.models import FsmRecord


class DatabaseFsmStorage(BaseStorage):
    def __init__(
        self,
        session_factory: async_sessionmaker[AsyncSession],
        key_builder: KeyBuilder | None = None,
    ) -> None:
        self._session_factory = session_factory
        self._key_builder = key_builder or DefaultKeyBuilder(with_destiny=True)

    async def set_state(self, key: StorageKey, state: StateType = None) -> None:
        value = state.state if isinstance(state, State) else state
        await self._write(key, lambda record: setattr(record, "state", value))

    async def get_state(self, key: StorageKey) -> str | None:
        record = await self._read(key)
        return record.state if record else None

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        safe = _json_safe(data)
        await self._write(key, lambda record: setattr(record, "data", safe))

    async def update_data(self, key: StorageKey, data: Mapping[str, Any]) -> dict[str, Any]:
        """Read, merge and write in one transaction (the base class would take two)."""
        merged: dict[str, Any] = {}

        def merge(record: FsmRecord) -> None:
            merged.update(_json_safe({**(record.data or {}), **data}))
            record.data = dict(merged)

        await self._write(key, merge)
        return merged

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        record = await self._read(key)
        return dict(record.data) if record else {}

    async def close(self) -> None:
        return None

    async def _read(self, key: StorageKey) -> FsmRecord | None:
        async with self._session_factory() as session:
            return await session.get(FsmRecord, self._key_builder.build(key))

    async def _write(self, key: StorageKey, change: Any) -> None:
        record_key = self._key_builder.build(key)
        async with self._session_factory() as session, session.begin():
            record = await session.scalar(
                select(FsmRecord).where(FsmRecord.key == record_key).with_for_update()
            )
            if record is None:
                record = FsmRecord(key=record_key, state=None, data={})
                session.add(record)
            change(record)


def _json_safe(data: Mapping[str, Any]) -> dict[str, Any]:
    """A copy through JSON: what Redis could not hold fails here too, in tests."""
    safe: dict[str, Any] = json.loads(json.dumps(dict(data), ensure_ascii=False))
    return safe
