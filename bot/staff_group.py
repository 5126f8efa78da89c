"""Everything the bot posts to the staff group goes through one sender per group and bot.

Telegram lets a bot post about 20 messages a minute to a group and answers 429 beyond that. The
sender keeps a token bucket of that size: a burst of 20, then one message every three seconds;
with Redis the bucket is the cluster's (`staff_group_rate.py`), as Telegram counts every worker.
A request that finds the bucket empty waits for its turn (in order) rather than being dropped;
a 429 that comes anyway (a worker that could not reach Redis) is honoured by waiting
`retry_after` and trying once more. Posts go out one at a time, so that Telegram counts them in
the order and at the moments the bucket did.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from aiogram import Bot, Dispatcher
from aiogram.exceptions import TelegramRetryAfter
from aiogram.fsm.storage.redis import RedisStorage
from aiogram.methods import SendMessage, TelegramMethod
from aiogram.types import InlineKeyboardMarkup, Message, ReplyParameters
from redis.asyncio import Redis

from bot.staff_group_rate import Bucket, SharedBucket, bucket_key

GROUP_MESSAGES_PER_MINUTE = 20
# A little slack so that our bucket never refills a hair ahead of Telegram's.
SAFETY_MARGIN_SECONDS = 0.05
_SENDERS_KEY = "staff_group_senders"

T = TypeVar("T")
logger = logging.getLogger("cabinet.staff_group")


class TokenBucket:
    def __init__(
        self,
        capacity: int,
        per_second: float,
        monotonic: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
    ) -> None:
        self._capacity = float(capacity)
        self._per_second = per_second
        self._monotonic = monotonic
        self._sleep = sleep
        self._tokens = float(capacity)
        self._updated = monotonic()

    async def take(self) -> None:
        """Returns when one token is ours (one caller at a time: the sender's lock)."""
        self._refill()
        if self._tokens < 1:
            await self._sleep((1 - self._tokens) / self._per_second + SAFETY_MARGIN_SECONDS)
            self._refill()
        self._tokens -= 1

    def _refill(self) -> None:
        now = self._monotonic()
        elapsed = now - self._updated
        self._tokens = min(self._capacity, self._tokens + elapsed * self._per_second)
        self._updated = now


class StaffGroupSender:
    def __init__(
        self,
        bot: Bot,
        chat_id: int,
        monotonic: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
        *,
        redis: Redis | None = None,
    ) -> None:
        self.bot = bot
        self.chat_id = chat_id
        self._sleep = sleep
        own = TokenBucket(
            GROUP_MESSAGES_PER_MINUTE, GROUP_MESSAGES_PER_MINUTE / 60, monotonic, sleep
        )
        self._bucket: Bucket = own
        if redis is not None:
            key = bucket_key(bot.id, chat_id)
            self._bucket = SharedBucket(redis, key, GROUP_MESSAGES_PER_MINUTE, own, sleep)
        self._turn = asyncio.Lock()  # waiting posts are served in the order they came
        self.flood_waits = 0  # 429s met so far: zero while this is the group's only sender

    async def post(self, method: TelegramMethod[T]) -> T:
        """A new message in the group (sendMessage, sendPhoto, ...): counts against the limit."""
        async with self._turn:
            await self._bucket.take()
            return await self.call(method)

    async def reply(
        self, message: Message, text: str, reply_markup: InlineKeyboardMarkup | None = None
    ) -> Message:
        """A reply to `message` in its topic (none for the General topic)."""
        return await self.post(
            SendMessage(
                chat_id=message.chat.id,
                message_thread_id=message.message_thread_id if message.is_topic_message else None,
                text=text,
                reply_parameters=ReplyParameters(message_id=message.message_id),
                reply_markup=reply_markup,
            )
        )

    async def call(self, method: TelegramMethod[T]) -> T:
        """Anything else in the group (edits, ...): not counted, but a 429 is still honoured."""
        try:
            return await self.bot(method)
        except TelegramRetryAfter as flood:
            self.flood_waits += 1
            logger.warning("staff group flood control", extra={"retry_after": flood.retry_after})
            await self._sleep(flood.retry_after)
            return await self.bot(method)


def staff_group_sender(dispatcher: Dispatcher, bot: Bot, chat_id: int) -> StaffGroupSender:
    """The one sender of this process for `chat_id` (kept with the dispatcher, which every
    handler can take as its `dispatcher` parameter)."""
    senders: dict[tuple[int, int], StaffGroupSender] = dispatcher.workflow_data.setdefault(
        _SENDERS_KEY, {}
    )
    key = (bot.id, chat_id)
    if key not in senders:
        storage = dispatcher.storage
        redis = storage.redis if isinstance(storage, RedisStorage) else None
        senders[key] = StaffGroupSender(bot, chat_id, redis=redis)
    return senders[key]
