"""Notifications waiting to be sent."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from core.entities.entity import Entity


class OutboxMessage(Entity):
    """A notification waiting to be sent; `dedup_key` makes each one exist once."""

    id: int
    dedup_key: str
    user_id: int | None
    chat_id: int
    kind: str
    payload: dict[str, Any]
    status: str
    attempts: int
    next_attempt_at: datetime
    # A sender holds a row it is sending until then; another may take it after (a crash).
    locked_until: datetime | None
    last_error: str | None
    sent_message_id: int | None
    created_at: datetime
    sent_at: datetime | None
