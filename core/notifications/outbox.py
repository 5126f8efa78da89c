"""Putting a notification in the outbox, inside the caller's transaction.

A service that changes something a customer should hear about (a payment confirmed, a staff
answer, a request's new status) calls `notify_user` in the same unit of work as the change, so
the notification exists exactly when the change does. The sender (`bot/notifications/`) delivers
it later within Telegram's limits. `dedup_key` names the event: the same event enqueued twice
(a replayed callback, a scheduler run twice) is kept once.

Payloads are JSON values, per kind (`core.enums.NotificationKind`):
- window_opens / window_closing: {"period": "YYYY-MM", "closes_on": "YYYY-MM-DD"}
- new_bill: {"account_id", "account_number", "period", "total_kopecks"}
- payment_confirmed / payment_declined: {"payment_id", "account_number", "amount_kopecks"}
- link_decided: {"account_number", "approved": bool, "reason": str | None}
- staff_answer: {"text": str | None, "attachments": [{"kind": "photo"|"document",
  "file_id": str}]}
- service_request_changed: {"request_id", "service", "status", "scheduled_on", "reason"}
- verification_due: {"account_number", "serial", "due_on": "YYYY-MM-DD"}
- broadcast: {"text": str}
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from core.enums import NotificationKind, OutboxStatus
from storage.models import OutboxMessage
from storage.uow import UnitOfWork


async def notify_user(
    uow: UnitOfWork,
    *,
    user_id: int,
    kind: NotificationKind,
    payload: dict[str, Any],
    dedup_key: str,
    now: datetime,
) -> int:
    """Enqueues the notification for every chat of the user; returns how many were new."""
    chats = await uow.outbox.reachable_chats(user_id)
    keys = {telegram_id: f"{dedup_key}:{telegram_id}" for telegram_id, _ in chats}
    known = await uow.outbox.existing_keys(list(keys.values()))
    added = 0
    for telegram_id, chat_id in chats:
        if keys[telegram_id] in known:
            continue
        uow.outbox.add(
            OutboxMessage(
                dedup_key=keys[telegram_id],
                user_id=user_id,
                chat_id=chat_id,
                kind=kind.value,
                payload=payload,
                status=OutboxStatus.PENDING.value,
                attempts=0,
                next_attempt_at=now,
                created_at=now,
            )
        )
        added += 1
    return added
