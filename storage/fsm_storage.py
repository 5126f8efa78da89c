"""aiogram FSM storage in the cabinet's database, so dialogs survive a restart without Redis.

Data goes through JSON on every write: what Redis could not hold fails here too, in tests.

The storage remembers the records it has read or written (the last `REMEMBERED` chats): without
Redis the bot is one process, and this storage is the only writer of its table, so what it
remembers is what the database holds; a new process starts with an empty memory. The memory is
used only while aiogram's per-chat lock is held (`isolation()` marks the chat), so no other
update of the chat can change the record meanwhile; calls from elsewhere read and write the
database directly and make the storage forget the record.

Handled through the update inbox, a chat's record is written once, at the end of the update,
in the transaction that marks the update handled (`storage/deferred_writes.py`): the step and
the update are saved together or not at all. Elsewhere data is written at once, and a new state
waits for the data that usually follows it and is written with it in one statement, or at the
end of the update; so does a clearing (no state and no data, as `FSMContext.clear()` leaves),
which loses nothing typed whenever it is written.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

from aiogram.fsm.state import State
from aiogram.fsm.storage.base import (
    BaseEventIsolation,
    BaseStorage,
    DefaultKeyBuilder,
    KeyBuilder,
    StateType,
    StorageKey,
)
from sqlalchemy import Insert, bindparam, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage import deferred_writes
from storage.chat_lock import ChatLockWith
from storage.models import FsmRecord, fsm_records_table

REMEMBERED = 10_000

# Built once: every update of a dialog writes its record, and building a statement costs more
# than running it.
_RECORDS = fsm_records_table
_DATA = bindparam("data", type_=_RECORDS.c.data.type)
_READ = select(FsmRecord).where(fsm_records_table.c.key == bindparam("key"))
_UPDATE = (
    update(_RECORDS)
    .where(_RECORDS.c.key == bindparam("record_key"))
    .values(state=bindparam("state"), data=_DATA)
)
_INSERT = insert(_RECORDS).values(key=bindparam("record_key"), state=bindparam("state"), data=_DATA)


def _upsert(dialect: Any) -> Insert:
    """Written whether or not the record exists: a deferred write must not fail the inbox's
    transaction it rides in."""
    statement = dialect.insert(_RECORDS).values(
        key=bindparam("record_key"), state=bindparam("state"), data=_DATA
    )
    excluded = statement.excluded
    return statement.on_conflict_do_update(
        index_elements=[_RECORDS.c.key], set_={"state": excluded.state, "data": excluded.data}
    )


_UPSERT = {"sqlite": _upsert(sqlite), "postgresql": _upsert(postgresql)}


@dataclass
class _Kept:
    """A record as the database holds it (`loaded`), or not read yet."""

    loaded: bool = False
    exists: bool = False
    unsaved: bool = False  # a state, or a clearing, newer than the database's
    state: str | None = None
    data: str = "{}"  # JSON: every read hands out a fresh copy, so callers cannot change it


class DatabaseFsmStorage(BaseStorage):
    def __init__(
        self,
        session_factory: async_sessionmaker[AsyncSession],
        key_builder: KeyBuilder | None = None,
    ) -> None:
        self._session_factory = session_factory
        self._key_builder = key_builder or DefaultKeyBuilder(with_destiny=True)
        self._kept: OrderedDict[str, _Kept] = OrderedDict()  # oldest first
        self._held: set[str] = set()  # chats whose lock is held: their records may be used

    def isolation(self) -> BaseEventIsolation:
        """aiogram's in-process per-chat lock that also lets the storage use what it remembers."""
        return ChatLockWith(self.keeping)

    @asynccontextmanager
    async def keeping(self, key: StorageKey) -> AsyncIterator[None]:
        """The remembered record of `key` is used inside the block; only for a caller that holds
        the key's lock. A state set alone, or a clearing, is written when the block ends."""
        record_key = self._key_builder.build(key)
        if record_key in self._held:  # nested: the outer block writes
            yield
            return
        kept = self._kept.pop(record_key, None) or _Kept()
        self._kept[record_key] = kept  # the newest
        self._held.add(record_key)
        try:
            yield
        finally:
            try:
                if kept.unsaved:  # also after a failure, as writing at once would have
                    await self._save(key, record_key, kept)
            except BaseException:
                self._kept.pop(record_key, None)  # not known to be saved: read it afresh
                raise
            finally:
                self._held.discard(record_key)
                self._forget_oldest()

    async def set_state(self, key: StorageKey, state: StateType = None) -> None:
        value = state.state if isinstance(state, State) else state
        kept = await self._load(key)
        if kept is None:
            await self._write(key, lambda record: setattr(record, "state", value))
            return
        if value != kept.state:
            kept.state, kept.unsaved = value, True

    async def get_state(self, key: StorageKey) -> str | None:
        kept = await self._load(key)
        if kept is None:
            record = await self._read(key)
            return record.state if record else None
        return kept.state

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        safe, text = _json_safe(data)
        kept = await self._load(key)
        if kept is None:
            await self._write(key, lambda record: setattr(record, "data", safe))
            return
        if text == kept.data and not kept.unsaved:  # nothing new: nothing written
            return
        deferred = deferred_writes.current() is not None  # written with the update's mark
        if deferred or (not safe and kept.state is None):  # a clearing waits, loses nothing
            kept.data, kept.unsaved = text, True
            return
        await self._put(key, kept, kept.state, safe, text)

    async def update_data(self, key: StorageKey, data: Mapping[str, Any]) -> dict[str, Any]:
        """Read, merge and write in one transaction (the base class would take two)."""
        kept = await self._load(key)
        if kept is not None:
            merged, text = _json_safe({**json.loads(kept.data), **data})
            if deferred_writes.current() is not None:
                kept.data, kept.unsaved = text, True
            else:
                await self._put(key, kept, kept.state, merged, text)
            return merged
        merged = {}

        def merge(record: FsmRecord) -> None:
            merged.update(_json_safe({**(record.data or {}), **data})[0])
            record.data = dict(merged)

        await self._write(key, merge)
        return merged

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        kept = await self._load(key)
        if kept is None:
            record = await self._read(key)
            return dict(record.data) if record else {}
        loaded: dict[str, Any] = json.loads(kept.data)
        return loaded

    async def close(self) -> None:
        return None

    def _forget_oldest(self) -> None:
        while len(self._kept) > REMEMBERED:
            oldest = next(iter(self._kept))
            if oldest in self._held:
                break
            del self._kept[oldest]

    async def _load(self, key: StorageKey) -> _Kept | None:
        """The remembered record of a key in a `keeping` block (read on first use), else None
        (and the record is forgotten: the caller goes to the database)."""
        record_key = self._key_builder.build(key)
        if record_key not in self._held:
            self._kept.pop(record_key, None)
            return None
        kept = self._kept[record_key]
        if kept.loaded:
            return kept
        record = await self._read(key)
        kept.loaded = True
        if record is not None:
            kept.exists = True
            kept.state = record.state
            kept.data = json.dumps(record.data or {}, ensure_ascii=False)
        return kept

    async def _save(self, key: StorageKey, record_key: str, kept: _Kept) -> None:
        """The record as the update leaves it: handed to the update's deferred writes when the
        inbox gathers them (and forgotten if they are dropped), else written now."""
        writes = deferred_writes.current()
        if writes is None:
            await self._put(key, kept, kept.state, json.loads(kept.data), kept.data)
            return
        values = {"record_key": record_key, "state": kept.state, "data": json.loads(kept.data)}

        async def write(session: AsyncSession) -> None:
            dialect = session.get_bind().dialect.name
            await session.execute(_UPSERT[dialect], values)

        def forget() -> None:
            if self._kept.get(record_key) is kept:
                del self._kept[record_key]

        writes.add(f"fsm:{record_key}", write, forget)
        kept.exists, kept.unsaved = True, False

    async def _put(
        self, key: StorageKey, kept: _Kept, state: str | None, data: dict[str, Any], text: str
    ) -> None:
        """Writes a kept record whole: one statement, as the record is known to exist or not.
        `text` is `data` as JSON (what is kept)."""
        record_key = self._key_builder.build(key)
        values = {"record_key": record_key, "state": state, "data": data}
        try:
            async with self._session_factory() as session, session.begin():
                await session.execute(_UPDATE if kept.exists else _INSERT, values)
        except IntegrityError:  # written meanwhile by someone not holding the chat's lock
            await self._write(key, lambda record: _assign(record, state, data))
        kept.exists, kept.state, kept.data, kept.unsaved = True, state, text, False

    async def _read(self, key: StorageKey) -> FsmRecord | None:
        async with self._session_factory() as session:
            return await session.scalar(_READ, {"key": self._key_builder.build(key)})

    async def _write(self, key: StorageKey, change: Any) -> None:
        record_key = self._key_builder.build(key)
        async with self._session_factory() as session, session.begin():
            record = await session.scalar(
                select(FsmRecord).where(fsm_records_table.c.key == record_key).with_for_update()
            )
            if record is None:
                record = FsmRecord(key=record_key, state=None, data={})
                session.add(record)
            change(record)


def _assign(record: FsmRecord, state: str | None, data: dict[str, Any]) -> None:
    record.state = state
    record.data = data


def _json_safe(data: Mapping[str, Any]) -> tuple[dict[str, Any], str]:
    """A copy through JSON and that JSON: what Redis could not hold fails here too, in tests."""
    text = json.dumps(dict(data), ensure_ascii=False)
    safe: dict[str, Any] = json.loads(text)
    return safe, text
