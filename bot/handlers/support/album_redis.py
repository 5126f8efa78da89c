"""Albums gathered in Redis, for several workers: whichever worker handles a part, the album is
handed on once, whole, in message order.

An album's parts are kept under keys of its bot, chat and `media_group_id`: the parts (a hash of
message id to the message's JSON, so a part handled twice after a crash is kept once), the time
the last part came (Redis's own clock, so the workers' clocks do not matter) and its owner. Each
part is added by a script that keeps it, stamps the time, renews the keys' TTL and makes its
worker the owner if the album has none (SET NX): that worker's task waits, reading the stamp,
until no part has come for the quiet period, then takes the parts and deletes the keys in one
script, so a part that comes after the take starts a new album. Whatever fails, the album is let
go (its keys deleted, if still its owner's) and the sender is told, as the dispatcher's error
handler would; if the owner's worker dies meanwhile, the keys expire after the TTL.
"""

from __future__ import annotations

import asyncio
import logging
import uuid

from aiogram.types import Message
from pydantic import ValidationError
from redis.asyncio import Redis

from bot.handlers.support.album import (
    ALBUM_QUIET_SECONDS,
    AlbumDone,
    AlbumTasks,
    apologise,
)

ALBUM_TTL_SECONDS = 60.0
_PREFIX = "cabinet:album"

logger = logging.getLogger("cabinet.support")

# KEYS: parts, stamp, owner. ARGV: message id, message JSON, a new owner's token, TTL in ms.
# Returns 1 when this part's worker is the album's owner (the album was not there), else 0.
_ADD = """
redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2])
local now = redis.call('TIME')
local ms = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
redis.call('SET', KEYS[2], string.format('%d', ms), 'PX', ARGV[4])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
if redis.call('SET', KEYS[3], ARGV[3], 'NX', 'PX', ARGV[4]) then
    return 1
end
redis.call('PEXPIRE', KEYS[3], ARGV[4])
return 0
"""

# KEYS: parts, stamp, owner. ARGV: the owner's token, the quiet period in ms.
# Returns {1, parts} (the album taken, its keys deleted), {0, ms still to wait} or {-1} (the
# album is not this owner's any more: expired).
_TAKE_WHEN_QUIET = """
if redis.call('GET', KEYS[3]) ~= ARGV[1] then
    return {-1}
end
local stamp = tonumber(redis.call('GET', KEYS[2]))
if not stamp then
    return {-1}
end
local now = redis.call('TIME')
local ms = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
local quiet = tonumber(ARGV[2])
if ms - stamp < quiet then
    return {0, quiet - (ms - stamp)}
end
local parts = redis.call('HVALS', KEYS[1])
redis.call('DEL', KEYS[1], KEYS[2], KEYS[3])
return {1, parts}
"""

# KEYS: parts, stamp, owner. ARGV: the owner's token. Deletes the album if it is still theirs.
_LET_GO = """
if redis.call('GET', KEYS[3]) == ARGV[1] then
    return redis.call('DEL', KEYS[1], KEYS[2], KEYS[3])
end
return 0
"""


class AlbumExpired(RuntimeError):
    """The album's keys expired before it was taken."""


class AlbumPartUnreadable(RuntimeError):
    """A kept part is not a message (its text stays out of the error, and so of the logs)."""


class RedisAlbumCollector:
    """Albums gathered in Redis: any worker may handle any part (see the module's docstring)."""

    def __init__(
        self,
        redis: Redis,
        quiet_seconds: float = ALBUM_QUIET_SECONDS,
        ttl_seconds: float = ALBUM_TTL_SECONDS,
    ) -> None:
        self._quiet_ms = max(1, round(quiet_seconds * 1000))
        self._ttl_ms = max(1, round(ttl_seconds * 1000))
        self._add = redis.register_script(_ADD)
        self._take = redis.register_script(_TAKE_WHEN_QUIET)
        self._let_go = redis.register_script(_LET_GO)
        self._tasks = AlbumTasks()

    async def add(self, message: Message, done: AlbumDone) -> None:
        """Keeps the part in Redis (an error here reaches the dispatcher's error handler); the
        worker that kept the album's first part hands it on."""
        keys = _keys(message)
        token = uuid.uuid4().hex
        part = message.model_dump_json(exclude_none=True)
        owner = await self._add(keys=keys, args=[message.message_id, part, token, self._ttl_ms])
        if owner == 1:
            self._tasks.start(self._complete(keys, token, message, done))

    async def close(self) -> None:
        await self._tasks.close()

    async def _complete(self, keys: list[str], token: str, first: Message, done: AlbumDone) -> None:
        """Hands the album on once it is quiet; whatever goes wrong, the album is let go and its
        sender hears about it, as the dispatcher's error handler says it for one message."""
        parts: list[Message] = []
        try:
            kept = await self._when_quiet(keys, token)
            parts = sorted((_read(raw, first) for raw in kept), key=lambda part: part.message_id)
            await done(parts)
        except Exception:
            # No text of the customer's here: the chat, the album's size and the traceback.
            logger.exception(
                "album not handed on", extra={"chat_id": first.chat.id, "parts": len(parts)}
            )
            await self._give_up(keys, token)
            await apologise(parts or [first])

    async def _when_quiet(self, keys: list[str], token: str) -> list[bytes]:
        """The album's parts, taken once none has come for the quiet period."""
        while True:
            answer = await self._take(keys=keys, args=[token, self._quiet_ms])
            if answer[0] == 1:
                parts: list[bytes] = answer[1]
                return parts
            if answer[0] != 0:
                raise AlbumExpired("the album expired before it was taken")
            await asyncio.sleep(int(answer[1]) / 1000)

    async def _give_up(self, keys: list[str], token: str) -> None:
        """Lets the album go, so its later parts start a new one rather than wait for the TTL."""
        try:
            await self._let_go(keys=keys, args=[token])
        except Exception:
            logger.exception("album not let go", extra={"parts_key": keys[0]})


def _read(raw: bytes, first: Message) -> Message:
    """A kept part as aiogram builds the message of an update: bound to this worker's bot."""
    try:
        return Message.model_validate_json(raw, context={"bot": first.bot})
    except ValidationError:
        raise AlbumPartUnreadable("a kept part of an album is not a message") from None


def _keys(message: Message) -> list[str]:
    """The album's keys: its parts, the time of its last part, its owner. One hash tag, so that
    a Redis Cluster keeps them on one node for the scripts."""
    assert message.bot is not None and message.media_group_id is not None
    album = f"{_PREFIX}:{{{message.bot.id}:{message.chat.id}:{message.media_group_id}}}"
    return [f"{album}:parts", f"{album}:last", f"{album}:owner"]
