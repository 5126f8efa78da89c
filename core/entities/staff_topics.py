"""Forum topics the bot opened in the staff group."""

from __future__ import annotations

from datetime import datetime

from core.entities.entity import Entity


class StaffTopic(Entity):
    """A forum topic the bot opened in the staff group for a purpose (e.g. link requests)."""

    chat_id: int
    purpose: str
    thread_id: int
    created_at: datetime
