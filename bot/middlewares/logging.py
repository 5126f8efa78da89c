from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.dispatcher.event.bases import UNHANDLED
from aiogram.types import TelegramObject, Update, User

logger = logging.getLogger("cabinet.updates")


class UpdateLogMiddleware(BaseMiddleware):
    """One line per update: its id, its kind, the user id (never the phone or the text), the time."""

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        started = time.perf_counter()
        outcome = "error"
        try:
            result = await handler(event, data)
            outcome = "unhandled" if result is UNHANDLED else "handled"
            return result
        finally:
            user: User | None = data.get("event_from_user")
            update_id = event.update_id if isinstance(event, Update) else None
            kind = event.event_type if isinstance(event, Update) else type(event).__name__
            logger.info(
                "update",
                extra={
                    "update_id": update_id,
                    "kind": kind,
                    "user_id": user.id if user else None,
                    "outcome": outcome,
                    "ms": round((time.perf_counter() - started) * 1000, 1),
                },
            )
