"""The bot's updates: a queue read by long polling (`getUpdates` with offsets) or pushed to a
webhook (`emulator/webhook_delivery.py`: in parallel, each chat in order, retried with backoff
until the bot answers 2xx). An update stays pending until confirmed by an offset or acknowledged
by the webhook.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import time
from dataclasses import dataclass, field
from typing import Any

from emulator.errors import conflict
from emulator.webhook_delivery import Update, Webhook, WebhookDelivery

# Telegram's default when a bot never chose: everything except these three.
NOT_BY_DEFAULT = {"chat_member", "message_reaction", "message_reaction_count"}


@dataclass
class UpdateQueue:
    retry_first: float = 0.2
    retry_max: float = 5.0
    # By update_id, in update_id order (pushed in that order; a dict keeps it).
    _pending: dict[int, Update] = field(default_factory=dict)
    allowed_updates: list[str] | None = None
    webhook: Webhook | None = None
    _next_id: int = 1000
    _changed: asyncio.Condition = field(default_factory=asyncio.Condition)
    _pollers: int = 0
    _delivery: WebhookDelivery | None = None
    closed: bool = False
    # Set while a getUpdates call waits on the server; tests await it instead of sleeping.
    polling: asyncio.Event = field(default_factory=asyncio.Event)

    async def close(self) -> None:
        """Ends waiting getUpdates calls and webhook delivery (the server is shutting down)."""
        self.closed = True
        await self.delete_webhook()
        async with self._changed:
            self._changed.notify_all()

    @property
    def pending(self) -> list[Update]:
        """The updates not yet confirmed (polling) or acknowledged (webhook), in order."""
        return list(self._pending.values())

    def is_pending(self, update_id: int) -> bool:
        return update_id in self._pending

    def acknowledge(self, update_id: int) -> None:
        """The webhook answered 2xx for this update."""
        self._pending.pop(update_id, None)

    async def push(self, kind: str, payload: dict[str, Any]) -> int:
        update_id = self._next_id
        self._next_id += 1
        if self._wanted(kind):
            update = {"update_id": update_id, kind: payload}
            self._pending[update_id] = update
            if self._delivery is not None:
                self._delivery.offer(update)
            async with self._changed:
                self._changed.notify_all()
        return update_id

    def _wanted(self, kind: str) -> bool:
        if self.allowed_updates:
            return kind in self.allowed_updates
        return kind not in NOT_BY_DEFAULT

    async def get_updates(
        self, offset: int, limit: int, wait_seconds: float, allowed_updates: list[str] | None
    ) -> list[Update]:
        if self.webhook is not None:
            raise conflict(
                "can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first"
            )
        if allowed_updates is not None:
            self.allowed_updates = allowed_updates
        self._confirm(offset)
        self._pollers += 1
        me = self._pollers
        async with self._changed:
            self._changed.notify_all()  # an earlier poller learns it was replaced
            deadline = time.monotonic() + wait_seconds
            while not self._pending and me == self._pollers and not self.closed:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    break
                self.polling.set()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._changed.wait(), remaining)
                self.polling.clear()
        if me != self._pollers:
            raise conflict(
                "terminated by other getUpdates request; "
                "make sure that only one bot instance is running"
            )
        return list(itertools.islice(self._pending.values(), max(1, min(limit, 100))))

    def _confirm(self, offset: int) -> None:
        if offset > 0:
            self._pending = {i: u for i, u in self._pending.items() if i >= offset}
        elif offset < 0:
            self._pending = dict(list(self._pending.items())[offset:])

    def drop_pending(self) -> None:
        self._pending.clear()

    async def set_webhook(self, webhook: Webhook, allowed_updates: list[str] | None) -> None:
        await self.delete_webhook()
        if allowed_updates is not None:
            self.allowed_updates = allowed_updates
        self.webhook = webhook
        self._pollers += 1  # a waiting getUpdates ends with a conflict, as in Telegram
        async with self._changed:
            self._changed.notify_all()
        self._delivery = WebhookDelivery(webhook, self, self.retry_first, self.retry_max)
        self._delivery.start(self._pending.values())

    async def delete_webhook(self) -> None:
        """Stops delivery; what was in flight and not acknowledged stays pending."""
        self.webhook = None
        delivery, self._delivery = self._delivery, None
        if delivery is not None:
            await delivery.stop()

    def webhook_info(self) -> dict[str, Any]:
        info: dict[str, Any] = {
            "url": self.webhook.url if self.webhook else "",
            "has_custom_certificate": False,
            "pending_update_count": len(self._pending),
        }
        if self.webhook is not None:
            info["max_connections"] = self.webhook.max_connections
            if self.webhook.last_error_date is not None:
                info["last_error_date"] = self.webhook.last_error_date
                info["last_error_message"] = self.webhook.last_error_message
        if self.allowed_updates:
            info["allowed_updates"] = self.allowed_updates
        return info
