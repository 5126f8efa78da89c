"""Reading what the services left in the database, as a person checking the result would."""

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
