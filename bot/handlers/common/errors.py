"""The last line of defence: an unexpected error is logged and the user is told politely. An
outage (PostgreSQL or Redis away) goes on to the inbox, which handles the update again later
(`from_inbox`: every update of `cabinet run` comes so; a dispatcher fed directly answers as for
any other error)."""

from __future__ import annotations

import logging

from aiogram import Router
from aiogram.types import ErrorEvent
from aiogram.utils.i18n import gettext as _

from bot.inbox.outage import is_outage

logger = logging.getLogger("cabinet.errors")


async def on_error(event: ErrorEvent, from_inbox: bool = False) -> None:
    if from_inbox and is_outage(event.exception):
        raise event.exception  # the inbox puts the update back and apologises (bot/inbox/outage.py)
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
