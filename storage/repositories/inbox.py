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

from sqlalchemy import delete, func, insert, or_, select, update

from storage.models import InboxUpdate
from storage.repositories.base import Repository


class InboxRepository(Repository):
    async def existing_ids(self, update_ids: Sequence[int]) -> set[int]:
        if not update_ids:
            return set()
        rows = await self.session.scalars(
            select(InboxUpdate.update_id).where(InboxUpdate.update_id.in_(update_ids))
        )
        return set(rows)

    async def add_many(self, rows: list[dict[str, Any]]) -> None:
        """One executemany for new rows (their ids checked by the caller)."""
        if rows:
            await self.session.execute(insert(InboxUpdate), rows)

    async def take_first(self, chat_id: int | None, now: datetime, until: datetime) -> bool:
        """Claims the chat's earliest unhandled update until `until`, if nobody holds it (`None`:
        the updates of no chat). A write first: on SQLite it takes the write lock before it
        reads, so a concurrent writer cannot move the snapshot it read under it."""
        first = (
            select(func.min(InboxUpdate.update_id))
            .where(InboxUpdate.chat_id == chat_id, InboxUpdate.handled_at.is_(None))
            .scalar_subquery()
        )
        result = await self.session.execute(
            update(InboxUpdate)
            .where(
                InboxUpdate.update_id == first,
                InboxUpdate.handled_at.is_(None),
                or_(InboxUpdate.claimed_until.is_(None), InboxUpdate.claimed_until <= now),
            )
            .values(claimed_until=until, attempts=InboxUpdate.attempts + 1)
            .execution_options(synchronize_session=False)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def held(self, chat_id: int | None, until: datetime) -> InboxUpdate | None:
        """The chat's update claimed until `until` (by `take_first`)."""
        row: InboxUpdate | None = await self.session.scalar(
            select(InboxUpdate).where(
                InboxUpdate.chat_id == chat_id,
                InboxUpdate.claimed_until == until,
                InboxUpdate.handled_at.is_(None),
            )
        )
        return row

    async def finish(self, update_id: int, held: datetime, values: dict[str, Any]) -> bool:
        """Writes to an unhandled update its holder still holds; False when it no longer does."""
        result = await self.session.execute(
            update(InboxUpdate)
            .where(
                InboxUpdate.update_id == update_id,
                InboxUpdate.claimed_until == held,
                InboxUpdate.handled_at.is_(None),
            )
            .values(**values)
            .execution_options(synchronize_session=False)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def unhandled(
        self, limit: int
    ) -> list[tuple[int, int | None, datetime | None, datetime]]:
        """(update id, chat id, claimed until, received at) of the earliest unhandled updates."""
        rows = await self.session.execute(
            select(
                InboxUpdate.update_id,
                InboxUpdate.chat_id,
                InboxUpdate.claimed_until,
                InboxUpdate.received_at,
            )
            .where(InboxUpdate.handled_at.is_(None))
            .order_by(InboxUpdate.update_id)
            .limit(limit)
        )
        return [(update_id, chat, until, received) for update_id, chat, until, received in rows]

    async def delete_handled_before(self, cutoff: datetime, limit: int) -> int:
        """Deletes up to `limit` updates handled before `cutoff`; how many it deleted."""
        oldest = select(InboxUpdate.update_id).where(InboxUpdate.handled_at < cutoff).limit(limit)
        result = await self.session.execute(
            delete(InboxUpdate)
            .where(InboxUpdate.update_id.in_(oldest))
            .execution_options(synchronize_session=False)
        )
        return int(result.rowcount)  # type: ignore[attr-defined]
