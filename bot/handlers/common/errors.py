"""The last line of defence: an unexpected error is logged and the user is told politely. An
outage (PostgreSQL or Redis away) goes on to the inbox, which handles the update again later
(`from_inbox`: every update of `cabinet run` comes so; a dispatcher fed directly answers as for
any other error). A dialog whose saved data this version cannot read (`DialogDataLost`) ends, and
the customer is told to begin again."""

from __future__ import annotations

import logging

from aiogram import Router
from aiogram.enums import ChatType
from aiogram.filters import ExceptionTypeFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import ErrorEvent
from aiogram.utils.i18n import gettext as _

from bot.fsm.dialog_data import DialogDataLost
from bot.handlers.menu.keyboard import main_menu
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


async def on_dialog_lost(event: ErrorEvent, state: FSMContext) -> None:
    logger.warning(
        "dialog data lost: %s",
        event.exception,
        extra={"update_id": event.update.update_id, "kind": event.update.event_type},
    )
    await state.clear()
    update = event.update
    text = _("errors.dialog_lost")
    if update.message and update.message.chat.type == ChatType.PRIVATE:
        await update.message.answer(text, reply_markup=main_menu())
    elif update.callback_query:
        await update.callback_query.answer(text, show_alert=True)
    # In the staff group a message gets no answer: the customers' menu is not theirs, and the
    # command that began the dialog begins it again.


def create_router() -> Router:
    router = Router(name="errors")
    router.errors.register(on_dialog_lost, ExceptionTypeFilter(DialogDataLost))
    router.errors.register(on_error)
    return router
