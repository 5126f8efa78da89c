"""«История аккаунта»: every sign-in, sign-out, link, unlink and change, newest first."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from core.clock import SystemClock
from core.entities.audit import AuditEvent
from core.enums import AuditAction
from core.pagination import PAGE_SIZE, Page, slice_for
from core.ports import UnitOfWork, UnitOfWorkFactory


@dataclass(frozen=True, slots=True)
class AuditEventView:
    id: int
    action: AuditAction
    account_id: int | None
    details: Mapping[str, Any]
    created_at: datetime
    account_number: str | None = None  # the account's number when the event names one


async def record(
    uow: UnitOfWork,
    user_id: int | None,
    action: AuditAction,
    account_id: int | None = None,
    details: Mapping[str, Any] | None = None,
    *,
    at: datetime | None = None,
) -> None:
    """Writes an event in the caller's unit of work, which commits it with its own change or drops
    it. The statement runs at once, before the session's pending objects are flushed: the user and
    the account it names must be in the database already.

    Pass `at=clock.now()` from services; without it the system clock is used.
    Never put a password, a code or a personal value in `details`: only names of what changed.
    """
    when = at if at is not None else SystemClock().now()
    await uow.audit.insert(
        user_id=user_id,
        account_id=account_id,
        action=action.value,
        details=dict(details) if details else None,
        created_at=when,
    )


async def list_events(
    uow_factory: UnitOfWorkFactory, user_id: int, page: int = 1, page_size: int = PAGE_SIZE
) -> Page[AuditEventView]:
    """One page (counted from 1) of a user's history, newest first; past the end, the last page."""
    async with uow_factory() as uow:
        total = await uow.audit.count_for_user(user_id)
        where = slice_for(page, total, page_size)
        rows = await uow.audit.page_for_user(user_id, offset=where.offset, limit=where.limit)
        numbers: dict[int, str] = {}
        for account_id in {row.account_id for row in rows if row.account_id is not None}:
            account = await uow.accounts.get(account_id)
            if account is not None:
                numbers[account_id] = account.number
        items = [_view(row, numbers) for row in rows]
    return Page(items=items, page=where.page, pages=where.pages, total=total)


def _view(row: AuditEvent, numbers: Mapping[int, str]) -> AuditEventView:
    return AuditEventView(
        id=row.id,
        action=AuditAction(row.action),
        account_id=row.account_id,
        details=row.details or {},
        created_at=row.created_at,
        account_number=numbers.get(row.account_id) if row.account_id is not None else None,
    )
