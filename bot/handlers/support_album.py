"""An album arrives as one update per photo or file; the customer meant one message.

The first part of an album starts a short wait; the parts that come meanwhile join it, and when
none has come for `ALBUM_QUIET_SECONDS` the album is handed on whole. The handler itself returns
at once, so the parts (which the dispatcher serialises per chat) are not held up behind it.
Albums are collected in the process's memory: with several workers on Redis, parts of one album
that reach different workers arrive in the topic as two messages (nothing is lost). The album is
handed on in a task of its own, outside the dispatcher, so the task does what the dispatcher's
error handler would: it logs a failure and tells the sender politely (in their language: the
task keeps the context, the locale included, of the update that started it).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from aiogram import Dispatcher
from aiogram.types import Message
from aiogram.utils.i18n import gettext as _

ALBUM_QUIET_SECONDS = 0.4
_COLLECTOR_KEY = "support_albums"

logger = logging.getLogger("cabinet.support")
AlbumDone = Callable[[list[Message]], Awaitable[None]]


class AlbumCollector:
    def __init__(self, quiet_seconds: float = ALBUM_QUIET_SECONDS) -> None:
        self._quiet = quiet_seconds
        self._albums: dict[tuple[int, str], list[Message]] = {}
        self._tasks: set[asyncio.Task[None]] = set()

    def add(self, message: Message, done: AlbumDone) -> None:
        assert message.media_group_id is not None
        key = (message.chat.id, message.media_group_id)
        if key in self._albums:
            self._albums[key].append(message)
            return
        self._albums[key] = [message]
        task = asyncio.create_task(self._complete(key, done))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

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
            await _apologise(parts or self._albums.get(key, []))
        finally:
            self._albums.pop(key, None)


async def _apologise(parts: list[Message]) -> None:
    if not parts:
        return
    try:
        await parts[0].answer(_("errors.unexpected"))
    except Exception:
        logger.exception("album failure not told", extra={"chat_id": parts[0].chat.id})


def album_collector(dispatcher: Dispatcher) -> AlbumCollector:
    collector: AlbumCollector = dispatcher.workflow_data.setdefault(
        _COLLECTOR_KEY, AlbumCollector()
    )
    return collector


async def collect_or_send(dispatcher: Dispatcher, message: Message, send: AlbumDone) -> None:
    """A part of an album joins the album, which `send` gets whole; any other message is sent
    on at once."""
    if message.media_group_id is not None:
        album_collector(dispatcher).add(message, send)
        return
    await send([message])
