"""Webhook delivery as Telegram does it: many updates in flight at once, each chat's in order.

The model:
- The update queue (`emulator/updates.py`) keeps every update the bot has not acknowledged, in
  `update_id` order, and offers each one to the delivery as it arrives.
- Updates go into lanes, one per chat they concern (`lane_of`). A lane posts its oldest update
  and the next only once the bot answered that one 2xx: a chat's updates reach the bot one at a
  time and in order. An update that concerns no chat is a lane of its own.
- Lanes run side by side, but at most `max_connections` posts (the setWebhook parameter) are in
  flight at once: each post holds one of that many slots.
- A failed post (not 2xx, no connection, a timeout) becomes the webhook's last error and is
  retried after a backoff doubling from `retry_first` up to `retry_max`. Only its own lane waits,
  and a waiting lane holds no slot.
- A 2xx acknowledges the update: the queue forgets it. `stop()` (deleteWebhook, a new
  setWebhook, shutdown) cancels every lane and every post in flight; an update whose post was
  cancelled was not acknowledged, so it stays pending.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Protocol

import aiohttp

Update = dict[str, Any]
LaneKey = tuple[str, int]

DEFAULT_MAX_CONNECTIONS = 40
MAX_CONNECTIONS = 100  # Telegram's range is 1-100; other values are brought into it
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
POST_TIMEOUT = aiohttp.ClientTimeout(total=60)


@dataclass
class Webhook:
    url: str
    secret_token: str | None
    max_connections: int = DEFAULT_MAX_CONNECTIONS
    last_error_date: int | None = None
    last_error_message: str | None = None


class Backlog(Protocol):
    """The updates the bot has not acknowledged yet (the update queue)."""

    def is_pending(self, update_id: int) -> bool: ...

    def acknowledge(self, update_id: int) -> None: ...


def max_connections_in_range(requested: int | None) -> int:
    """setWebhook's `max_connections` as Telegram takes it: default 40, clamped to 1-100."""
    if requested is None:
        return DEFAULT_MAX_CONNECTIONS
    return min(max(requested, 1), MAX_CONNECTIONS)


def lane_of(update: Update) -> LaneKey:
    """The chat whose order the update keeps: the chat it happened in (a message's, a callback
    query's message's, a member change's), else the sender's private chat with the bot (a
    pre-checkout query; its id is the user's). An update with neither is a lane of its own."""
    for kind, event in update.items():
        if kind == "update_id" or not isinstance(event, dict):
            continue
        chat = event.get("chat") or (event.get("message") or {}).get("chat")
        if chat is not None:
            return ("chat", int(chat["id"]))
        sender = event.get("from")
        if sender is not None:
            return ("chat", int(sender["id"]))
    return ("update", int(update["update_id"]))


class WebhookDelivery:
    """Posts the updates offered to it to one webhook until stopped."""

    def __init__(
        self, webhook: Webhook, backlog: Backlog, retry_first: float, retry_max: float
    ) -> None:
        self.webhook = webhook
        self._backlog = backlog
        self._retry_first = retry_first
        self._retry_max = retry_max
        self._headers = {SECRET_HEADER: webhook.secret_token} if webhook.secret_token else {}
        self._slots = asyncio.Semaphore(webhook.max_connections)
        self._arrivals: asyncio.Queue[Update] = asyncio.Queue()
        self._lanes: dict[LaneKey, deque[Update]] = {}
        self._task: asyncio.Task[None] | None = None

    # --- lifecycle -----------------------------------------------------------------------
    def start(self, pending: Iterable[Update]) -> None:
        """Starts delivering: the updates already pending first, in order, then those offered."""
        for update in pending:
            self.offer(update)
        self._task = asyncio.create_task(self._run(), name="webhook delivery")

    def offer(self, update: Update) -> None:
        self._arrivals.put_nowait(update)

    async def stop(self) -> None:
        """Cancels every lane and post in flight and waits until they are gone."""
        task, self._task = self._task, None
        if task is None:
            return
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task

    # --- lanes ---------------------------------------------------------------------------
    async def _run(self) -> None:
        """Sorts arrivals into lanes; a lane runs while it has updates. Cancelling this task
        cancels the lanes (the task group) before the HTTP session closes."""
        async with (
            aiohttp.ClientSession(timeout=POST_TIMEOUT) as session,
            asyncio.TaskGroup() as lanes,
        ):
            while True:
                update = await self._arrivals.get()
                key = lane_of(update)
                lane = self._lanes.get(key)
                if lane is not None:
                    lane.append(update)
                    continue
                self._lanes[key] = deque([update])
                lanes.create_task(self._run_lane(key, session), name=f"webhook lane {key}")

    async def _run_lane(self, key: LaneKey, session: aiohttp.ClientSession) -> None:
        """Delivers the lane's updates one at a time, in order; ends when none is left."""
        lane = self._lanes[key]
        while lane:
            await self._deliver(lane[0], session)
            lane.popleft()
        del self._lanes[key]

    async def _deliver(self, update: Update, session: aiohttp.ClientSession) -> None:
        """Posts the update until the bot answers 2xx, or until it is no longer pending
        (dropped meanwhile)."""
        update_id = update["update_id"]
        backoff = self._retry_first
        while self._backlog.is_pending(update_id):
            error = await self._post(session, update)
            if error is None:
                self._backlog.acknowledge(update_id)
                return
            self.webhook.last_error_date = int(time.time())
            self.webhook.last_error_message = error
            await asyncio.sleep(backoff)  # Telegram's retry backoff, not a wait for an event
            backoff = min(backoff * 2, self._retry_max)

    async def _post(self, session: aiohttp.ClientSession, update: Update) -> str | None:
        """One attempt, holding one of the `max_connections` slots: None when answered 2xx,
        else the error as getWebhookInfo reports it."""
        async with self._slots:
            try:
                async with session.post(
                    self.webhook.url, json=update, headers=self._headers
                ) as response:
                    if 200 <= response.status < 300:
                        return None
                    return f"Wrong response from the webhook: {response.status} {response.reason}"
            except (aiohttp.ClientError, TimeoutError) as error:
                return f"Connection failed: {error!s}"
