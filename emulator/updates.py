"""The bot's updates: a queue read by long polling (`getUpdates` with offsets) or pushed to a
webhook with the secret-token header, retried with backoff until the bot answers 2xx.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from dataclasses import dataclass, field
from typing import Any

import aiohttp

from emulator.errors import conflict

Update = dict[str, Any]
# Telegram's default when a bot never chose: everything except these three.
NOT_BY_DEFAULT = {"chat_member", "message_reaction", "message_reaction_count"}


@dataclass
class Webhook:
    url: str
    secret_token: str | None
    max_connections: int = 40
    last_error_date: int | None = None
    last_error_message: str | None = None


@dataclass
class UpdateQueue:
    retry_first: float = 0.2
    retry_max: float = 5.0
    pending: list[Update] = field(default_factory=list)
    allowed_updates: list[str] | None = None
    webhook: Webhook | None = None
    _next_id: int = 1000
    _changed: asyncio.Condition = field(default_factory=asyncio.Condition)
    _pollers: int = 0
    _delivery: asyncio.Task[None] | None = None
    closed: bool = False
    # Set while a getUpdates call waits on the server; tests await it instead of sleeping.
    polling: asyncio.Event = field(default_factory=asyncio.Event)

    async def close(self) -> None:
        """Ends waiting getUpdates calls and webhook delivery (the server is shutting down)."""
        self.closed = True
        await self.delete_webhook()
        async with self._changed:
            self._changed.notify_all()

    async def push(self, kind: str, payload: dict[str, Any]) -> int:
        update_id = self._next_id
        self._next_id += 1
        if self._wanted(kind):
            self.pending.append({"update_id": update_id, kind: payload})
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
            while not self.pending and me == self._pollers and not self.closed:
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
        return self.pending[: max(1, min(limit, 100))]

    def _confirm(self, offset: int) -> None:
        if offset > 0:
            self.pending = [u for u in self.pending if u["update_id"] >= offset]
        elif offset < 0:
            self.pending = self.pending[offset:]

    def drop_pending(self) -> None:
        self.pending.clear()

    async def set_webhook(self, webhook: Webhook, allowed_updates: list[str] | None) -> None:
        await self.delete_webhook()
        if allowed_updates is not None:
            self.allowed_updates = allowed_updates
        self.webhook = webhook
        self._pollers += 1  # a waiting getUpdates ends with a conflict, as in Telegram
        async with self._changed:
            self._changed.notify_all()
        self._delivery = asyncio.create_task(self._deliver(webhook))

    async def delete_webhook(self) -> None:
        self.webhook = None
        if self._delivery is not None:
            self._delivery.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._delivery
            self._delivery = None

    async def _deliver(self, webhook: Webhook) -> None:
        headers = {}
        if webhook.secret_token:
            headers["X-Telegram-Bot-Api-Secret-Token"] = webhook.secret_token
        backoff = self.retry_first
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=60)) as session:
            while True:
                async with self._changed:
                    await self._changed.wait_for(lambda: bool(self.pending))
                update = self.pending[0]
                error = await self._post(session, webhook.url, update, headers)
                if error is None:
                    if self.pending and self.pending[0] is update:
                        self.pending.pop(0)
                    backoff = self.retry_first
                    continue
                webhook.last_error_date = int(time.time())
                webhook.last_error_message = error
                await asyncio.sleep(backoff)  # Telegram's retry backoff, not a wait for an event
                backoff = min(backoff * 2, self.retry_max)

    @staticmethod
    async def _post(
        session: aiohttp.ClientSession, url: str, update: Update, headers: dict[str, str]
    ) -> str | None:
        try:
            async with session.post(url, json=update, headers=headers) as response:
                if 200 <= response.status < 300:
                    return None
                return f"Wrong response from the webhook: {response.status} {response.reason}"
        except (aiohttp.ClientError, TimeoutError) as error:
            return f"Connection failed: {error!s}"

    def webhook_info(self) -> dict[str, Any]:
        info: dict[str, Any] = {
            "url": self.webhook.url if self.webhook else "",
            "has_custom_certificate": False,
            "pending_update_count": len(self.pending),
        }
        if self.webhook is not None:
            info["max_connections"] = self.webhook.max_connections
            if self.webhook.last_error_date is not None:
                info["last_error_date"] = self.webhook.last_error_date
                info["last_error_message"] = self.webhook.last_error_message
        if self.allowed_updates:
            info["allowed_updates"] = self.allowed_updates
        return info
