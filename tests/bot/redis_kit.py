"""A bot of its own on the test Redis: a fresh token (its id is in every key the bot writes:
dialog state, chat locks, albums), its keys deleted at the end."""

from __future__ import annotations

import contextlib
import secrets
from collections.abc import AsyncIterator
from urllib.parse import urlsplit

from redis.asyncio import Redis

from tests.conftest import require_service


@contextlib.asynccontextmanager
async def redis_bot(redis_url: str) -> AsyncIterator[str]:
    """The token of a new bot; skips (fails on CI) when Redis is not reachable."""
    address = urlsplit(redis_url)
    require_service("Redis", address.hostname or "127.0.0.1", address.port or 6379)
    bot_id = 7_000_000_000 + secrets.randbelow(1_000_000_000)
    try:
        yield f"{bot_id}:AAEmulatorLocalTokenForDevelopment00"
    finally:
        redis = Redis.from_url(redis_url)
        try:
            keys = [key async for key in redis.scan_iter(match=f"*{bot_id}*")]
            if keys:
                await redis.delete(*keys)
        finally:
            await redis.aclose()
