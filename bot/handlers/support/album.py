"""An album arrives as one update per photo or file; the customer meant one message.

The first part of an album starts a short wait; the parts that come meanwhile join it, and when
none has come for `ALBUM_QUIET_SECONDS` the album is handed on whole, its parts in message order.
The handler itself returns at once, so the parts (which the dispatcher serialises per chat) are
not held up behind it. A part that comes after its album was handed on starts a new album.

Where the parts are gathered is chosen once, where the dispatcher is built
(`bot.app.build_dispatcher`): beside the dialog state. With `REDIS_URL` set, several workers share the updates and any of them may
get any part, so the parts are gathered in Redis (`bot.handlers.support.album_redis`) and the
album is handed on once, by the worker that got its first part; without Redis the bot is one
process and the parts are gathered in its memory (`MemoryAlbumCollector`).

The album is handed on in a task of its own, outside the dispatcher, so the task does what the
dispatcher's error handler would: it logs a failure (never the customer's text) and tells the
sender politely (in their language: the task keeps the context, the locale included, of the
update that started it). At shutdown the albums still gathering are finished first (`close`).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any, Protocol

from aiogram import Dispatcher
from aiogram.types import Message
from aiogram.utils.i18n import gettext as _

ALBUM_QUIET_SECONDS = 0.4
ALBUM_CLOSE_GRACE_SECONDS = 10.0  # at shutdown, for the albums still gathering to be handed on
_COLLECTOR_KEY = "support_albums"

logger = logging.getLogger("cabinet.support")
AlbumDone = Callable[[list[Message]], Awaitable[None]]


class AlbumCollector(Protocol):
    async def add(self, message: Message, done: AlbumDone) -> None:
        """A part of an album joins it; `done` gets the album whole once no part has come for
        the quiet period (the `done` of the album's first part, on whichever worker that was)."""

    async def close(self) -> None:
        """Finishes the albums still gathering (cancels them after a grace)."""


class AlbumTasks:
    """The albums' own tasks, kept until they end and finished at shutdown."""

    def __init__(self, grace_seconds: float = ALBUM_CLOSE_GRACE_SECONDS) -> None:
        self._grace = grace_seconds
        self._tasks: set[asyncio.Task[None]] = set()

    def start(self, album: Coroutine[Any, Any, None]) -> None:
        task = asyncio.create_task(album, name="support-album")
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def close(self) -> None:
        if not self._tasks:
            return
        _done, late = await asyncio.wait(set(self._tasks), timeout=self._grace)
        for task in late:
            task.cancel()
        if late:
            logger.warning("albums not handed on at shutdown", extra={"albums": len(late)})
            await asyncio.gather(*late, return_exceptions=True)


class MemoryAlbumCollector:
    """Albums gathered in this process's memory: one process sees every part."""

    def __init__(self, quiet_seconds: float = ALBUM_QUIET_SECONDS) -> None:
        self._quiet = quiet_seconds
        self._albums: dict[tuple[int, str], list[Message]] = {}
        self._tasks = AlbumTasks()

    async def add(self, message: Message, done: AlbumDone) -> None:
        assert message.media_group_id is not None
        key = (message.chat.id, message.media_group_id)
        if key in self._albums:
            self._albums[key].append(message)
            return
        self._albums[key] = [message]
        self._tasks.start(self._complete(key, done))

    async def close(self) -> None:
        await self._tasks.close()

    async def _complete(self, key: tuple[int, str], done: AlbumDone) -> None:
        """Hands the album on once it is quiet; whatever goes wrong, the album is let go and its
        sender hears about it, as the dispatcher's error handler says it for one message."""
        parts: list[Message] = []
        try:
            seen = 0
            while seen != len(self._albums[key]):
                seen = len(self._albums[key])
                await asyncio.sleep(self._quiet)
            parts = sorted(self._albums.pop(key), key=lambda part: part.message_id)
            await done(parts)
        except Exception:
            # No text of the customer's here: the chat, the album's size and the traceback.
            logger.exception("album not handed on", extra={"chat_id": key[0], "parts": len(parts)})
            await apologise(parts or self._albums.get(key, []))
        finally:
            self._albums.pop(key, None)


async def apologise(parts: list[Message]) -> None:
    if not parts:
        return
    try:
        await parts[0].answer(_("errors.unexpected"))
    except Exception:
        logger.exception("album failure not told", extra={"chat_id": parts[0].chat.id})


def set_album_collector(dispatcher: Dispatcher, collector: AlbumCollector) -> None:
    dispatcher.workflow_data[_COLLECTOR_KEY] = collector


def album_collector(dispatcher: Dispatcher) -> AlbumCollector:
    collector: AlbumCollector = dispatcher.workflow_data[_COLLECTOR_KEY]
    return collector


async def collect_or_send(dispatcher: Dispatcher, message: Message, send: AlbumDone) -> None:
    """A part of an album joins the album, which `send` gets whole; any other message is sent
    on at once."""
    if message.media_group_id is not None:
        await album_collector(dispatcher).add(message, send)
        return
    await send([message])
