"""The staff group's 20 messages a minute, counted once for the whole cluster.

Telegram counts a bot's posts to a group whichever worker sends them. With Redis (`REDIS_URL`),
every worker takes its turn from one bucket kept there: a small script reserves the next free
moment (GCRA, on Redis's own clock, so the workers' clocks do not matter) and the worker waits
until then. Without Redis, or while it does not answer, the worker's own bucket counts (a 429
that comes anyway is honoured by the sender)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any, Protocol

from redis.asyncio import Redis
from redis.exceptions import RedisError

logger = logging.getLogger("cabinet.staff_group")

# KEYS[1]: the group's bucket. ARGV: seconds between messages, the burst. Returns the seconds to
# wait before sending, as text (Lua numbers come back as integers otherwise).
_RESERVE = """
local clock = redis.call('TIME')
local now = tonumber(clock[1]) + tonumber(clock[2]) / 1000000
local interval = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
if tat < now then tat = now end
local new_tat = tat + interval
local wait = new_tat - burst * interval - now
if wait < 0 then wait = 0 end
redis.call('SET', KEYS[1], tostring(new_tat), 'PX', math.ceil((new_tat - now) * 1000) + 1000)
return tostring(wait)
"""


class Bucket(Protocol):
    async def take(self) -> None: ...


class SharedBucket:
    """One bucket for every worker, in Redis; `fallback` when Redis does not answer."""

    def __init__(
        self,
        redis: Redis,
        key: str,
        per_minute: int,
        fallback: Bucket,
        sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
        margin_seconds: float = 0.05,
        burst: int | None = None,
    ) -> None:
        self._redis = redis
        self._key = key
        self._interval = 60.0 / per_minute
        self._burst = per_minute if burst is None else burst
        self._fallback = fallback
        self._sleep = sleep
        self._margin = margin_seconds
        self._script = redis.register_script(_RESERVE)

    async def take(self) -> None:
        try:
            answer = await self._script(keys=[self._key], args=[self._interval, self._burst])
        except (RedisError, OSError) as failed:
            logger.warning("staff group bucket: Redis away", extra={"error": type(failed).__name__})
            await self._fallback.take()
            return
        wait = float(answer)
        if wait > 0:
            await self._sleep(wait + self._margin)


def bucket_key(bot_id: int, chat_id: int) -> str:
    return f"cabinet:staff-group-rate:{bot_id}:{chat_id}"
