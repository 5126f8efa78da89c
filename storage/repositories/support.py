"""The support desk's tables: threads, their messages and attachments, service requests."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import func, select, update

from core.entities.service_requests import ServiceRequest
from core.entities.support import SupportAttachment, SupportCase, SupportMessage, SupportThread
from core.enums import ThreadStatus
from storage.models import (
    service_requests_table,
    support_attachments_table,
    support_cases_table,
    support_messages_table,
    support_threads_table,
)
from storage.repositories.base import Repository


class SupportRepository(Repository):
    # --- threads ---------------------------------------------------------------------------

    async def thread_of_user(self, user_id: int) -> SupportThread | None:
        return await self.session.scalar(
            select(SupportThread).where(support_threads_table.c.user_id == user_id)
        )

    async def thread_by_topic(self, topic_id: int) -> SupportThread | None:
        return await self.session.scalar(
            select(SupportThread).where(support_threads_table.c.staff_topic_id == topic_id)
        )

    async def thread(self, thread_id: int) -> SupportThread | None:
        return await self.session.get(SupportThread, thread_id)

    def add(
        self,
        row: SupportThread | SupportCase | SupportMessage | SupportAttachment | ServiceRequest,
    ) -> None:
        self.session.add(row)

    async def flush(self) -> None:
        await self.session.flush()

    async def set_topic_if_none(self, thread_id: int, topic_id: int) -> bool:
        """True when this call set it (another worker may have opened a topic first)."""
        result = await self.session.execute(
            update(SupportThread)
            .where(
                support_threads_table.c.id == thread_id,
                support_threads_table.c.staff_topic_id.is_(None),
            )
            .values(staff_topic_id=topic_id)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def set_status(self, thread_id: int, status: str, closed_at: datetime | None) -> bool:
        result = await self.session.execute(
            update(SupportThread)
            .where(
                support_threads_table.c.id == thread_id, support_threads_table.c.status != status
            )
            .values(status=status, closed_at=closed_at)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    # --- cases («Обращение №N») ---------------------------------------------------------------

    async def open_case(self, thread_id: int) -> SupportCase | None:
        columns = support_cases_table.c
        query = select(SupportCase).where(
            columns.thread_id == thread_id, columns.status == ThreadStatus.OPEN.value
        )
        return await self.session.scalar(query)

    async def close_case(self, thread_id: int, now: datetime, by: str) -> int | None:
        """Closes the thread's open case; its number, or None when none was open."""
        columns = support_cases_table.c
        number = await self.session.scalar(
            update(support_cases_table)
            .where(columns.thread_id == thread_id, columns.status == ThreadStatus.OPEN.value)
            .values(status=ThreadStatus.CLOSED.value, closed_at=now, closed_by=by)
            .returning(columns.id)
        )
        return None if number is None else int(number)

    async def cases_of_user(self, user_id: int, limit: int) -> list[SupportCase]:
        """Newest first."""
        columns = support_cases_table.c
        query = (
            select(SupportCase)
            .where(columns.user_id == user_id)
            .order_by(columns.id.desc())
            .limit(limit)
        )
        return list((await self.session.scalars(query)).all())

    async def last_direction(self, thread_id: int) -> str | None:
        """Who wrote last in the thread: from_customer or from_staff."""
        columns = support_messages_table.c
        query = (
            select(columns.direction)
            .where(columns.thread_id == thread_id)
            .order_by(columns.id.desc())
            .limit(1)
        )
        return await self.session.scalar(query)

    # --- messages --------------------------------------------------------------------------

    async def count_messages(self, thread_id: int) -> int:
        total = await self.session.scalar(
            select(func.count())
            .select_from(SupportMessage)
            .where(support_messages_table.c.thread_id == thread_id)
        )
        return int(total or 0)

    async def messages(self, thread_id: int, offset: int, limit: int) -> list[SupportMessage]:
        """Oldest first."""
        rows = await self.session.scalars(
            select(SupportMessage)
            .where(support_messages_table.c.thread_id == thread_id)
            .order_by(support_messages_table.c.created_at, support_messages_table.c.id)
            .offset(offset)
            .limit(limit)
        )
        return list(rows)

    async def attachments_of(self, message_ids: Sequence[int]) -> list[SupportAttachment]:
        if not message_ids:
            return []
        rows = await self.session.scalars(
            select(SupportAttachment)
            .where(support_attachments_table.c.message_id.in_(message_ids))
            .order_by(support_attachments_table.c.id)
        )
        return list(rows)

    # --- service requests ------------------------------------------------------------------

    async def request(self, request_id: int) -> ServiceRequest | None:
        return await self.session.get(ServiceRequest, request_id)

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
        values: dict[str, object] = {
            "status": to_status,
            "decided_by": decided_by,
            "updated_at": now,
        }
        if scheduled_on is not None:
            values["scheduled_on"] = scheduled_on
        if reason is not None:
            values["status_reason"] = reason
        result = await self.session.execute(
            update(ServiceRequest)
            .where(
                service_requests_table.c.id == request_id,
                service_requests_table.c.status.in_(from_statuses),
            )
            .values(**values)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def set_request_message(self, request_id: int, staff_message_id: int) -> None:
        await self.session.execute(
            update(ServiceRequest)
            .where(service_requests_table.c.id == request_id)
            .values(staff_message_id=staff_message_id)
        )
