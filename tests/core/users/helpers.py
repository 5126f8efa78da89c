"""Reading what the services left in the database, as a person checking the result would, and
a code that is surely wrong."""

from __future__ import annotations

from collections.abc import Sequence

from core.audit import AuditEventView, list_events
from core.enums import AuditAction
from storage.uow import UnitOfWorkFactory


async def actions_of(uow_factory: UnitOfWorkFactory, user_id: int) -> list[AuditAction]:
    """The user's history, oldest first."""
    page = await list_events(uow_factory, user_id, page_size=1000)
    return [event.action for event in reversed(page.items)]


async def events_of(uow_factory: UnitOfWorkFactory, user_id: int) -> Sequence[AuditEventView]:
    page = await list_events(uow_factory, user_id, page_size=1000)
    return list(reversed(page.items))


def wrong(code: str) -> str:
    """A six-digit code other than `code`: it plus one, wrapping round."""
    return f"{(int(code) + 1) % 1_000_000:06d}"
