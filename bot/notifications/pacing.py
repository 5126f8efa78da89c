"""Token buckets that pace the sender below Telegram's limits instead of running into 429s.

Telegram lets a bot send about 30 messages a second overall, a short burst and then about one a
second to a chat, and 20 a minute to a group. The sender keeps a bucket per chat and one overall,
each a little below Telegram's rate, so that Telegram's own buckets (which see our messages a few
milliseconds later, unevenly) never run dry. Waiters are served in the order they came.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

PRIVATE_BURST = 3
PRIVATE_PER_SECOND = 0.95  # Telegram: about 1 a second after the burst
GROUP_BURST = 5
GROUP_PER_SECOND = 19 / 60  # Telegram: 20 a minute
OVERALL_BURST = 5


@dataclass(frozen=True, slots=True)
class Rate:
    burst: float
    per_second: float


class Pacer:
    def __init__(
        self,
        rate: Rate,
        monotonic: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
    ) -> None:
        self.rate = rate
        self._monotonic = monotonic
        self._sleep = sleep
        self._tokens = rate.burst
        self._updated = monotonic()
        self._turn = asyncio.Lock()
        self._paused_until = 0.0
        # Held by the sender from a chat's message's turn to its outcome: one message in flight
        # per chat, so a chat reads its notifications in the order they were enqueued.
        self.in_order = asyncio.Lock()

    async def take(self, count: int = 1) -> None:
        """Waits for a token, then takes `count` (more than one leaves a debt the next waits)."""
        async with self._turn:
            while True:
                now = self._monotonic()
                if now < self._paused_until:
                    await self._sleep(self._paused_until - now)
                    continue
                self._refill(now)
                if self._tokens >= 1:
                    self._tokens -= count
                    return
                await self._sleep((1 - self._tokens) / self.rate.per_second)

    def pause(self, seconds: float) -> None:
        """Telegram said 429 `retry_after`: nobody goes until then, and the bucket starts empty."""
        self._paused_until = max(self._paused_until, self._monotonic() + seconds)
        self._tokens = min(self._tokens, 0.0)

    def idle(self) -> bool:
        """Full and unused: forgetting it changes nothing."""
        self._refill(self._monotonic())
        return self._tokens >= self.rate.burst and not (
            self._turn.locked() or self.in_order.locked()
        )

    def _refill(self, now: float) -> None:
        elapsed = max(0.0, now - self._updated)
        self._tokens = min(self.rate.burst, self._tokens + elapsed * self.rate.per_second)
        self._updated = now


class ChatPacers:
    """A pacer per chat, created on first use and forgotten when idle (so a million chats over a
    day do not stay in memory)."""

    def __init__(
        self,
        monotonic: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
        prune_above: int = 10_000,
    ) -> None:
        self._monotonic = monotonic
        self._sleep = sleep
        self._prune_above = prune_above
        self._pacers: dict[int, Pacer] = {}

    def of(self, chat_id: int) -> Pacer:
        pacer = self._pacers.get(chat_id)
        if pacer is None:
            if len(self._pacers) >= self._prune_above:
                self._pacers = {key: p for key, p in self._pacers.items() if not p.idle()}
            is_group = chat_id < 0
            rate = (
                Rate(GROUP_BURST, GROUP_PER_SECOND)
                if is_group
                else Rate(PRIVATE_BURST, PRIVATE_PER_SECOND)
            )
            pacer = self._pacers[chat_id] = Pacer(rate, self._monotonic, self._sleep)
        return pacer
