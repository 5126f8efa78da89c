"""The repository of the account history (audit events)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, Protocol

from core.entities.audit import AuditEvent


class Audit(Protocol):
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
        ...

    async def count_for_user(self, user_id: int) -> int: ...

    async def page_for_user(self, user_id: int, *, offset: int, limit: int) -> Sequence[AuditEvent]:
        """Newest first, on the (user_id, created_at) index; id breaks ties within a second."""
        ...

    async def times_since(self, user_id: int, action: str, since: datetime) -> Sequence[datetime]:
        """When the user did `action` from `since` on, oldest first (the user's events index)."""
        ...

    async def detach_user(self, user_id: int) -> None:
        """Keeps the events (what happened to which account) but no longer says who did it."""
        ...
