"""The update inbox: updates kept as received, claimed under a lease, marked handled, purged.

A claim is one conditional UPDATE: the row is unhandled, nobody holds it (or the holder's lease
ran out), and no earlier update of its chat is unhandled. Two workers never hold one row, and a
chat's updates are taken in update_id order. The lease doubles as the holder's token: renewals
and outcomes are written only while `claimed_until` is still the holder's own.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import delete, exists, insert, or_, select, update
from sqlalchemy.orm import aliased

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

    async def first_unhandled(self, chat_id: int | None) -> InboxUpdate | None:
        """The chat's earliest unhandled update (`None`: the updates of no chat)."""
        row: InboxUpdate | None = await self.session.scalar(
            select(InboxUpdate)
            .where(InboxUpdate.chat_id == chat_id, InboxUpdate.handled_at.is_(None))
            .order_by(InboxUpdate.update_id)
            .limit(1)
        )
        return row

    async def take(
        self, update_id: int, chat_id: int | None, now: datetime, until: datetime
    ) -> bool:
        """Claims the update until `until` if it is free and first of its chat."""
        earlier = aliased(InboxUpdate)
        result = await self.session.execute(
            update(InboxUpdate)
            .where(
                InboxUpdate.update_id == update_id,
                InboxUpdate.handled_at.is_(None),
                or_(InboxUpdate.claimed_until.is_(None), InboxUpdate.claimed_until <= now),
                ~exists(
                    select(earlier.update_id).where(
                        earlier.chat_id == chat_id,
                        earlier.update_id < update_id,
                        earlier.handled_at.is_(None),
                    )
                ),
            )
            .values(claimed_until=until, attempts=InboxUpdate.attempts + 1)
            .execution_options(synchronize_session=False)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

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

    async def handled_before(self, cutoff: datetime, limit: int) -> list[int]:
        rows = await self.session.scalars(
            select(InboxUpdate.update_id).where(InboxUpdate.handled_at < cutoff).limit(limit)
        )
        return list(rows)

    async def delete(self, update_ids: Sequence[int]) -> None:
        if update_ids:
            await self.session.execute(
                delete(InboxUpdate)
                .where(InboxUpdate.update_id.in_(update_ids))
                .execution_options(synchronize_session=False)
            )
