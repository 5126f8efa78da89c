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
  "file_id": str}], "staff_topic"?: {"chat_id", "thread_id", "message_id"}} (where the answer was
  written: the topic is told there if it cannot be delivered)
- service_request_changed: {"request_id", "service", "status", "scheduled_on", "reason"}
- verification_due: {"account_number", "serial", "due_on": "YYYY-MM-DD"}
- broadcast: {"text": str}
- outage: {"outage_id", "event": "day"|"soon"|"started"|"emergency"|"changed"|"cancelled"|
  "restored",
  "kind": "planned"|"emergency", "place": str, "starts_at", "ends_at": local ISO 8601 times
  with the offset of TIMEZONE, "reason": str | None} (core.outages.notices)
- phone_changed: {"phone": "+7…", "added": bool}

The kinds a customer may switch off (`core.notifications.preferences.SWITCHABLE`) are left out
here when switched off: what is not wanted never enters the outbox.

One row per chat: the event's key with the chat's Telegram user id appended (`outbox_key`), every
row written by `_row`. `notify_users` is the batched form of `notify_user` (a handful of queries
whatever the number of notices: chats, switches, known keys, one insert); `enqueue_many` is the
form for callers that have already read chats and switches (the scheduler, broadcasts).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from core.enums import NotificationKind, OutboxStatus
from core.notifications.preferences import SWITCHABLE
from core.ports import UnitOfWork
from core.ports.outbox import Outbox


@dataclass(frozen=True, slots=True)
class Notice:
    """One event to tell one user, in every chat of theirs, for `notify_users`."""

    user_id: int
    kind: NotificationKind
    payload: dict[str, Any]
    dedup_key: str  # the event's key, the same for each of the user's chats


@dataclass(frozen=True, slots=True)
class Outgoing:
    """One notification to one chat, for `enqueue_many`."""

    user_id: int
    telegram_user_id: int
    chat_id: int
    dedup_key: str  # the event's key; `outbox_key` appends the Telegram user id
    payload: dict[str, Any]


def outbox_key(dedup_key: str, telegram_user_id: int) -> str:
    return f"{dedup_key}:{telegram_user_id}"


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
    added = await notify_users(uow, [Notice(user_id, kind, payload, dedup_key)], now)
    return sum(len(keys) for keys in added.values())


async def notify_users(
    uow: UnitOfWork, notices: Sequence[Notice], now: datetime
) -> dict[str, list[str]]:
    """Enqueues each notice for every reachable chat of its user, unless the user switched its
    kind off or it was enqueued before. Returns, per notice's `dedup_key`, the outbox keys of the
    rows it added (a notice that added none is absent)."""
    return await write_notices(uow.outbox, notices, now)


async def write_notices(
    outbox: Outbox, notices: Sequence[Notice], now: datetime
) -> dict[str, list[str]]:
    """`notify_users` on a repository, for a caller that holds a session rather than a unit of
    work (the billing import)."""
    if not notices:
        return {}
    switchable = {n.user_id for n in notices if n.kind in SWITCHABLE}
    off = await outbox.switched_off_pairs(switchable)
    chats: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for user_id, telegram_id, chat_id in await outbox.reachable_chats_of(
        n.user_id for n in notices
    ):
        chats[user_id].append((telegram_id, chat_id))
    rows: dict[str, tuple[str, dict[str, Any]]] = {}
    for notice in notices:
        if (notice.user_id, notice.kind.value) in off:
            continue
        for telegram_id, chat_id in chats.get(notice.user_id, ()):
            key = outbox_key(notice.dedup_key, telegram_id)
            rows[key] = (
                notice.dedup_key,
                _row(key, notice.user_id, chat_id, notice.kind, notice.payload, now),
            )
    added: dict[str, list[str]] = defaultdict(list)
    for key in await _insert_new(outbox, {key: row for key, (_, row) in rows.items()}):
        added[rows[key][0]].append(key)
    return dict(added)


async def enqueue_many(
    uow: UnitOfWork, kind: NotificationKind, items: Sequence[Outgoing], now: datetime
) -> int:
    """Enqueues those of `items` not enqueued before; returns how many were new. The caller has
    already left out users who switched `kind` off."""
    rows = {
        key: _row(key, item.user_id, item.chat_id, kind, item.payload, now)
        for item in items
        for key in [outbox_key(item.dedup_key, item.telegram_user_id)]
    }
    return len(await _insert_new(uow.outbox, rows))


def _row(
    key: str,
    user_id: int,
    chat_id: int,
    kind: NotificationKind,
    payload: dict[str, Any],
    now: datetime,
) -> dict[str, Any]:
    return {
        "dedup_key": key,
        "user_id": user_id,
        "chat_id": chat_id,
        "kind": kind.value,
        "payload": payload,
        "status": OutboxStatus.PENDING.value,
        "attempts": 0,
        "next_attempt_at": now,
        "created_at": now,
    }


async def _insert_new(outbox: Outbox, rows: dict[str, dict[str, Any]]) -> list[str]:
    """Inserts the rows whose keys are not in the outbox yet (one look-up, one insert); their
    keys, in order."""
    known = await outbox.existing_keys(list(rows))
    new = [key for key in rows if key not in known]
    await outbox.add_many([rows[key] for key in new])
    return new
