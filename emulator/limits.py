"""Telegram's flood control for bots, as token buckets: a chat takes a short burst and then about
one message a second, a group about 20 a minute, the bot as a whole about 30 a second. A message
sent with `allow_paid_broadcast` (Telegram charges Stars for it) counts against a bucket of 1,000
a second instead of the 30, and is counted in `paid_messages`; a chat's own limits still hold.

An exhausted bucket answers 429 with `retry_after` in whole seconds, rounded up as Telegram does.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass

from emulator.errors import too_many_requests


@dataclass(frozen=True)
class Rate:
    burst: float
    per_second: float


PRIVATE_CHAT = Rate(burst=3, per_second=1)
GROUP_CHAT = Rate(burst=20, per_second=20 / 60)
OVERALL = Rate(burst=30, per_second=30)
PAID_OVERALL = Rate(burst=1000, per_second=1000)


@dataclass
class _Bucket:
    rate: Rate
    tokens: float
    updated: float

    def refill(self, now: float) -> None:
        self.tokens = min(
            self.rate.burst, self.tokens + (now - self.updated) * self.rate.per_second
        )
        self.updated = now

    def wait_for_one(self) -> float:
        return max(0.0, (1 - self.tokens) / self.rate.per_second)


class FloodControl:
    def __init__(self, monotonic: Callable[[], float] = time.monotonic) -> None:
        self._monotonic = monotonic
        self._chats: dict[int, _Bucket] = {}
        self._overall = _Bucket(OVERALL, OVERALL.burst, monotonic())
        self._paid = _Bucket(PAID_OVERALL, PAID_OVERALL.burst, monotonic())
        self.paid_messages = 0

    def take(self, chat_id: int, is_group: bool, *, paid: bool = False) -> None:
        """Counts one message to `chat_id`, or raises 429 when Telegram would."""
        now = self._monotonic()
        rate = GROUP_CHAT if is_group else PRIVATE_CHAT
        chat = self._chats.setdefault(chat_id, _Bucket(rate, rate.burst, now))
        overall = self._paid if paid else self._overall
        for bucket in (chat, overall):
            bucket.refill(now)
        wait = max(chat.wait_for_one(), overall.wait_for_one())
        if wait > 0:
            raise too_many_requests(max(1, math.ceil(wait)))
        chat.tokens -= 1
        overall.tokens -= 1
        self.paid_messages += paid

    def reset(self) -> None:
        self._chats.clear()
        self._overall = _Bucket(OVERALL, OVERALL.burst, self._monotonic())
        self._paid = _Bucket(PAID_OVERALL, PAID_OVERALL.burst, self._monotonic())
        self.paid_messages = 0
