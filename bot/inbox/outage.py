"""PostgreSQL or Redis away: the update waits in Telegram or in the inbox, and the customer hears
a short apology instead of silence.

- The database cannot keep an update: the webhook answers 503 (Telegram delivers it again later),
  polling does not move its offset.
- A handler fails because the database or Redis is away (`is_outage`): the update is not marked
  handled but put back for `RETRY_AFTER` (its attempt not counted), and runs again once they are
  back; what the handler did before it failed may happen again.
Either way the chat gets `errors.outage` in the customer's Telegram language, at most once every
`every_seconds` per chat and worker (Telegram retries and the inbox's retries would repeat it),
and only in private chats: the staff group sees the outage on its monitoring.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import asyncpg.exceptions
import redis.exceptions
import sqlalchemy.exc
from aiogram import Bot
from aiogram.exceptions import TelegramAPIError

from bot.i18n import PoCatalogI18n, locale_for
from bot.inbox.received import Received

logger = logging.getLogger("cabinet.inbox")

RETRY_AFTER = timedelta(seconds=3)
_OUTAGES: tuple[type[BaseException], ...] = (
    sqlalchemy.exc.OperationalError,  # the server gone, refused, shutting down; SQLite locked
    sqlalchemy.exc.InterfaceError,  # a connection closed under the statement
    sqlalchemy.exc.TimeoutError,  # no connection from the pool in time
    redis.exceptions.ConnectionError,
    redis.exceptions.TimeoutError,
    # asyncpg's own, under SQLAlchemy's wrapping: a server that shut down mid-statement
    asyncpg.exceptions.ConnectionDoesNotExistError,
    asyncpg.exceptions.InternalClientError,
    asyncpg.exceptions.CannotConnectNowError,
    asyncpg.exceptions.AdminShutdownError,
    asyncpg.exceptions.CrashShutdownError,
    asyncpg.exceptions.TooManyConnectionsError,
    asyncpg.exceptions.PostgresConnectionError,  # class 08: the connection failed or was refused
)
_CHAIN_DEPTH = 6


def is_outage(error: BaseException) -> bool:
    """The error, or one it came from, says PostgreSQL or Redis is away; never a Bot API
    error (Telegram's trouble is handled where the call is made)."""
    seen: BaseException | None = error
    for _ in range(_CHAIN_DEPTH):
        if seen is None or isinstance(seen, TelegramAPIError):
            return False
        if isinstance(seen, _OUTAGES) or _closed_to_connections(seen):
            return True
        if isinstance(seen, sqlalchemy.exc.DBAPIError) and seen.connection_invalidated:
            return True  # the connection broke under the statement (a server shutting down)
        seen = seen.__cause__ or seen.__context__
    return False


def _closed_to_connections(error: BaseException) -> bool:
    """A database closed to new connections (ALLOW_CONNECTIONS false, as for maintenance)."""
    return isinstance(
        error, asyncpg.exceptions.ObjectNotInPrerequisiteStateError
    ) and "not currently accepting connections" in str(error)


class OutageApology:
    def __init__(
        self,
        bot: Bot,
        i18n: PoCatalogI18n,
        every_seconds: float = 300.0,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._bot = bot
        self._i18n = i18n
        self._every = every_seconds
        self._monotonic = monotonic
        self._told: dict[int, float] = {}  # chat → when it was last told
        self._sending: set[asyncio.Task[None]] = set()
        self.told = 0

    def tell(self, update: Received) -> None:
        """Apologises in the background (the caller answers Telegram without waiting)."""
        chat_id = update.chat_id
        if chat_id is None or chat_id < 0:
            return
        now = self._monotonic()
        if now - self._told.get(chat_id, float("-inf")) < self._every:
            return
        if len(self._told) > 100_000:
            self._told.clear()
        self._told[chat_id] = now
        language = locale_for(_language_code(update.payload))
        text = self._i18n.gettext("errors.outage", locale=language)
        task = asyncio.create_task(self._send(chat_id, text))
        self._sending.add(task)
        task.add_done_callback(self._sending.discard)

    async def _send(self, chat_id: int, text: str) -> None:
        try:
            await self._bot.send_message(chat_id, text)
            self.told += 1
        except Exception as error:
            logger.warning("outage apology not sent", extra={"error": type(error).__name__})

    async def close(self) -> None:
        if self._sending:
            await asyncio.wait(set(self._sending), timeout=5)


def _language_code(payload: dict[str, Any]) -> str | None:
    """The sender's Telegram language, from whichever object of the update carries a `from`."""
    for value in payload.values():
        if isinstance(value, dict) and isinstance(value.get("from"), dict):
            code = value["from"].get("language_code")
            return code if isinstance(code, str) else None
    return None
