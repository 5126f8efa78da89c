from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import func, insert, select, update

from core.entities.audit import AuditEvent
from storage.models import audit_events_table
from storage.repositories.base import Repository

# Written at once, without the session's flush: most changes a user makes record an event.
_INSERT = insert(audit_events_table)


class AuditRepository(Repository):
    async def insert(
        self,
        *,
        user_id: int | None,
        account_id: int | None,
        action: str,
        details: dict[str, Any] | None,
        created_at: datetime,
    ) -> None:
        """The event is written in the caller's transaction, which commits or drops it."""
        values = {
            "user_id": user_id,
            "account_id": account_id,
            "action": action,
            "details": details,
            "created_at": created_at,
        }
        await self.session.execute(_INSERT, values)

    async def count_for_user(self, user_id: int) -> int:
        query = (
            select(func.count())
            .select_from(AuditEvent)
            .where(audit_events_table.c.user_id == user_id)
        )
        return int(await self.session.scalar(query) or 0)

    async def page_for_user(self, user_id: int, *, offset: int, limit: int) -> Sequence[AuditEvent]:
        """Newest first, on the (user_id, created_at) index; id breaks ties within a second."""
        query = (
            select(AuditEvent)
            .where(audit_events_table.c.user_id == user_id)
            .order_by(audit_events_table.c.created_at.desc(), audit_events_table.c.id.desc())
            .offset(offset)
            .limit(limit)
        )
        return (await self.session.scalars(query)).all()

    async def times_since(self, user_id: int, action: str, since: datetime) -> Sequence[datetime]:
        """When the user did `action` from `since` on, oldest first (the user's events index)."""
        query = (
            select(audit_events_table.c.created_at)
            .where(
                audit_events_table.c.user_id == user_id,
                audit_events_table.c.created_at >= since,
                audit_events_table.c.action == action,
            )
            .order_by(audit_events_table.c.created_at)
        )
        return (await self.session.scalars(query)).all()

    async def detach_user(self, user_id: int) -> None:
        """Keeps the events (what happened to which account) but no longer says who did it."""
        await self.session.execute(
            update(AuditEvent).where(audit_events_table.c.user_id == user_id).values(user_id=None)
        )
