"""The staff group's 20 messages a minute are the cluster's: with Redis, two workers posting at
once share one allowance, so Telegram never answers 429; without Redis, a worker counts alone."""

from __future__ import annotations

import asyncio
import secrets

from aiogram.methods import SendMessage
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.app import build_dispatcher
from bot.staff_group import TokenBucket, staff_group_sender
from bot.staff_group_rate import SharedBucket
from bot.state_storage import build_state_storage
from storage.database import create_session_factory
from tests.bot.kit import bot_world
from tests.bot.redis_kit import redis_bot
from tests.conftest import REDIS_URL, require_service


async def test_two_workers_post_to_the_staff_group_within_one_allowance(
    sqlite_engine: AsyncEngine,
) -> None:
    async with (
        redis_bot(REDIS_URL) as token,
        bot_world(sqlite_engine, token=token, redis_url=REDIS_URL) as world,
    ):
        assert world.dispatcher is not None
        await world.emu.set_flood_limits(True)  # Telegram's 20 a minute in the group
        storage, isolation = build_state_storage(REDIS_URL, create_session_factory(sqlite_engine))
        other_worker = build_dispatcher(storage, world.cabinet, isolation)
        bot = world.emu.make_bot()
        chat = world.settings.staff_chat_id
        assert chat is not None
        try:
            first = staff_group_sender(world.dispatcher, bot, chat)
            second = staff_group_sender(other_worker, bot, chat)
            posts = [first.post(SendMessage(chat_id=chat, text=f"first {n}")) for n in range(11)]
            posts += [second.post(SendMessage(chat_id=chat, text=f"second {n}")) for n in range(10)]
            sent = await asyncio.gather(*posts)
        finally:
            await bot.session.close()
            await storage.close()
        assert len({message.message_id for message in sent}) == 21
        assert first.flood_waits + second.flood_waits == 0  # one over 20: waited, not refused


class Waits:
    def __init__(self) -> None:
        self.seconds: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.seconds.append(seconds)


async def test_the_shared_bucket_hands_out_one_moment_after_another_to_every_worker() -> None:
    require_service("Redis", "127.0.0.1", 6379)
    redis = Redis.from_url(REDIS_URL)
    key = f"cabinet:test-bucket:{secrets.token_hex(4)}"
    waits = Waits()
    try:
        workers = [
            SharedBucket(redis, key, 600, TokenBucket(2, 10), waits, 0.0, burst=2) for _ in range(2)
        ]
        await asyncio.gather(*(workers[n % 2].take() for n in range(10)))
    finally:
        await redis.delete(key)
        await redis.aclose()
    # Two at once, then one every 0.1 s whichever worker asks: 0.1 … 0.8 s ahead.
    assert len(waits.seconds) == 8
    for expected, waited in zip([0.1 * n for n in range(1, 9)], sorted(waits.seconds), strict=True):
        assert abs(waited - expected) < 0.05


async def test_a_worker_that_cannot_reach_redis_counts_on_its_own() -> None:
    redis = Redis.from_url("redis://127.0.0.1:1/0", socket_connect_timeout=0.5)
    waits = Waits()
    own = TokenBucket(1, 1.0, sleep=waits)
    try:
        shared = SharedBucket(redis, "cabinet:test-bucket:away", 60, own, waits, 0.0)
        await shared.take()
        await shared.take()  # the worker's own bucket of one is empty: it waits
    finally:
        await redis.aclose()
    assert len(waits.seconds) == 1 and waits.seconds[0] > 0.9
