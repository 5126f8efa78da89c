"""The update inbox: updates kept as received, claimed under a lease, marked handled, purged.

A claim is one conditional UPDATE of a chat's earliest unhandled update: taken only while nobody
holds it (or its holder's lease ran out). Two workers never hold one update, and a chat's updates
are taken one at a time in update_id order. The lease doubles as the holder's token: renewals and
outcomes are written only while `claimed_until` is still the holder's own.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Row,
    Update,
    bindparam,
    delete,
    func,
    insert,
    or_,
    select,
    update,
)
from sqlalchemy.sql.dml import ReturningUpdate

from storage.models import update_inbox_table
from storage.records import InboxUpdate
from storage.repositories.base import Repository

# Built once (every update is claimed and marked handled, and building a statement costs more
# than running it), in two kinds where a chat is named: `chat_id = :of_chat` uses the
# chat's index, and the updates of no chat need `IS NULL`.


def _of_chat(none: bool) -> ColumnElement[bool]:
    return (
        update_inbox_table.c.chat_id.is_(None)
        if none
        else update_inbox_table.c.chat_id == bindparam("of_chat")
    )


def _take_first(none: bool) -> ReturningUpdate[tuple[int, dict[str, Any], int]]:
    first = (
        select(func.min(update_inbox_table.c.update_id))
        .where(_of_chat(none), update_inbox_table.c.handled_at.is_(None))
        .scalar_subquery()
    )
    return (
        update(InboxUpdate)
        .where(
            update_inbox_table.c.update_id == first,
            update_inbox_table.c.handled_at.is_(None),
            or_(
                update_inbox_table.c.claimed_until.is_(None),
                update_inbox_table.c.claimed_until <= bindparam("now"),
            ),
        )
        .values(claimed_until=bindparam("until"), attempts=update_inbox_table.c.attempts + 1)
        .returning(
            update_inbox_table.c.update_id,
            update_inbox_table.c.payload,
            update_inbox_table.c.attempts,
        )
        .execution_options(synchronize_session=False)
    )


def _finish(columns: frozenset[str]) -> Update:
    return (
        update(InboxUpdate)
        .where(
            update_inbox_table.c.update_id == bindparam("of_update"),
            update_inbox_table.c.claimed_until == bindparam("held"),
            update_inbox_table.c.handled_at.is_(None),
        )
        .values({column: bindparam(f"new_{column}") for column in sorted(columns)})
        .execution_options(synchronize_session=False)
    )


_TAKE_FIRST = {none: _take_first(none) for none in (False, True)}
_FINISH: dict[frozenset[str], Update] = {}  # by the columns written, built on first use
_BUSY_CHATS = (
    select(update_inbox_table.c.chat_id)
    .where(
        update_inbox_table.c.chat_id.in_(bindparam("chat_ids", expanding=True)),
        update_inbox_table.c.handled_at.is_(None),
    )
    .distinct()
)
_EXISTING = select(update_inbox_table.c.update_id).where(
    update_inbox_table.c.update_id.in_(bindparam("update_ids", expanding=True))
)


class InboxRepository(Repository):
    async def existing_ids(self, update_ids: Sequence[int]) -> set[int]:
        if not update_ids:
            return set()
        rows = await self.session.scalars(_EXISTING, {"update_ids": list(update_ids)})
        return set(rows)

    async def busy_chats(self, chat_ids: Sequence[int]) -> set[int]:
        """Those of the chats with an update not yet handled (kept, held or waiting)."""
        if not chat_ids:
            return set()
        return set(await self.session.scalars(_BUSY_CHATS, {"chat_ids": list(chat_ids)}))

    async def add_many(self, rows: list[dict[str, Any]]) -> None:
        """One executemany for new rows (their ids checked by the caller)."""
        if rows:
            await self.session.execute(insert(InboxUpdate), rows)

    async def take_first(
        self, chat_id: int | None, now: datetime, until: datetime
    ) -> Row[tuple[int, dict[str, Any], int]] | None:
        """Claims the chat's earliest unhandled update until `until`, if nobody holds it (`None`:
        the updates of no chat): its `update_id`, `payload` and `attempts`, in one statement
        (UPDATE … RETURNING), or None. A write first: on SQLite it takes the write lock before
        it reads, so a concurrent writer cannot move the snapshot it read under it."""
        parameters = {"of_chat": chat_id, "now": now, "until": until}
        return (await self.session.execute(_TAKE_FIRST[chat_id is None], parameters)).first()

    async def finish(self, update_id: int, held: datetime, values: dict[str, Any]) -> bool:
        """Writes to an unhandled update its holder still holds; False when it no longer does."""
        columns = frozenset(values)
        statement = _FINISH.get(columns)
        if statement is None:
            statement = _FINISH.setdefault(columns, _finish(columns))
        parameters = {f"new_{column}": value for column, value in values.items()}
        parameters.update(of_update=update_id, held=held)
        result = await self.session.execute(statement, parameters)
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def unhandled(
        self, limit: int
    ) -> list[tuple[int, int | None, datetime | None, datetime]]:
        """(update id, chat id, claimed until, received at) of the earliest unhandled updates."""
        rows = await self.session.execute(
            select(
                update_inbox_table.c.update_id,
                update_inbox_table.c.chat_id,
                update_inbox_table.c.claimed_until,
                update_inbox_table.c.received_at,
            )
            .where(update_inbox_table.c.handled_at.is_(None))
            .order_by(update_inbox_table.c.update_id)
            .limit(limit)
        )
        return [(update_id, chat, until, received) for update_id, chat, until, received in rows]

    async def delete_handled_before(self, cutoff: datetime, limit: int) -> int:
        """Deletes up to `limit` updates handled before `cutoff`; how many it deleted."""
        oldest = (
            select(update_inbox_table.c.update_id)
            .where(update_inbox_table.c.handled_at < cutoff)
            .limit(limit)
        )
        result = await self.session.execute(
            delete(InboxUpdate)
            .where(update_inbox_table.c.update_id.in_(oldest))
            .execution_options(synchronize_session=False)
        )
        return int(result.rowcount)  # type: ignore[attr-defined]
