"""The repository of support threads, their messages and service requests."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Protocol

from core.entities.service_requests import ServiceRequest
from core.entities.support import SupportAttachment, SupportCase, SupportMessage, SupportThread


class Support(Protocol):
    async def thread_of_user(self, user_id: int) -> SupportThread | None: ...

    async def thread_by_topic(self, topic_id: int) -> SupportThread | None: ...

    async def thread(self, thread_id: int) -> SupportThread | None: ...

    def add(
        self,
        row: SupportThread | SupportCase | SupportMessage | SupportAttachment | ServiceRequest,
    ) -> None: ...

    async def open_case(self, thread_id: int) -> SupportCase | None: ...

    async def close_case(self, thread_id: int, now: datetime, by: str) -> int | None:
        """Closes the thread's open case; its number, or None when none was open."""
        ...

    async def cases_of_user(self, user_id: int, limit: int) -> list[SupportCase]:
        """Newest first."""
        ...

    async def last_direction(self, thread_id: int) -> str | None: ...

    async def flush(self) -> None: ...

    async def set_topic_if_none(self, thread_id: int, topic_id: int) -> bool:
        """True when this call set it (another worker may have opened a topic first)."""
        ...

    async def set_status(self, thread_id: int, status: str, closed_at: datetime | None) -> bool: ...

    async def count_messages(self, thread_id: int) -> int: ...

    async def messages(self, thread_id: int, offset: int, limit: int) -> list[SupportMessage]:
        """Oldest first."""
        ...

    async def attachments_of(self, message_ids: Sequence[int]) -> list[SupportAttachment]: ...

    async def request(self, request_id: int) -> ServiceRequest | None: ...

    async def move_request(
        self,
        request_id: int,
        from_statuses: Sequence[str],
        to_status: str,
        decided_by: int,
        now: datetime,
        scheduled_on: date | None = None,
        reason: str | None = None,
    ) -> bool:
        """Conditional: of two staff pressing at once, one changes it and the other gets False."""
        ...

    async def set_request_message(self, request_id: int, staff_message_id: int) -> None: ...
