"""The last line of defence: an unexpected error is logged and the user is told politely."""

from __future__ import annotations

import logging

from aiogram import Router
from aiogram.types import ErrorEvent
from aiogram.utils.i18n import gettext as _

logger = logging.getLogger("cabinet.errors")


async def on_error(event: ErrorEvent) -> None:
    update = event.update
    logger.error(
        "update failed",
        exc_info=event.exception,
        extra={"update_id": update.update_id, "kind": update.event_type},
    )
    text = _("errors.unexpected")
    if update.message:
        await update.message.answer(text)
    elif update.callback_query:
        await update.callback_query.answer(text, show_alert=True)


def create_router() -> Router:
    router = Router(name="errors")
    router.errors.register(on_error)
    return router
