"""The store's own records, which core never sees: the bot's dialog state, its update inbox and
the cluster's leases. Mapped in storage.models like core's records."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from core.entities.entity import Entity


class FsmRecord:
    """aiogram FSM state and data kept in the database when Redis is not configured."""

    key: str
    state: str | None
    data: dict[str, Any]

    def __init__(self, key: str, state: str | None, data: dict[str, Any]) -> None:
        self.key = key
        self.state = state
        self.data = data


class InboxUpdate(Entity):
    """A Telegram update as it was received, kept before Telegram is told it arrived (the webhook's
    answer, the next getUpdates' offset); its `update_id` makes a redelivery a no-op."""

    update_id: int
    payload: dict[str, Any]
    # The chat the update belongs to (the user's id when it has no chat; null for neither):
    # one chat's updates are handled one at a time, in update_id order.
    chat_id: int | None
    received_at: datetime
    # A worker handling the update holds it until then (renewed while it runs); after a crash
    # another one takes it over.
    claimed_until: datetime | None
    attempts: int
    handled_at: datetime | None
    # The exception's type when the handler raised (the update counts as handled all the same).
    error: str | None


class ClusterLease(Entity):
    """A job that runs on one worker of the cluster at a time (the reminder scheduler, the outbox
    sender): held by `holder` until `expires_at`, renewed while it runs, taken over once it ran
    out (its holder died)."""

    name: str
    holder: str
    expires_at: datetime
