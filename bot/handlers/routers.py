"""Every router of the bot, in the order aiogram tries them."""

from __future__ import annotations

from aiogram import Router

from bot.handlers.common import errors, fallback, question_offer
from bot.handlers.help import router as help_router
from bot.handlers.menu import router as menu
from bot.handlers.onboarding import start
from bot.handlers.payments import router as payments
from bot.handlers.sections import SECTIONS
from bot.handlers.staff import desk as staff_desk


def create_routers() -> list[Router]:
    """The cross-cutting routers stand where a rule puts them; the sections come from the
    registry (`bot.handlers.sections`), in menu order."""
    return [
        errors.create_router(),  # first: every failure below is answered there
        start.create_router(),  # /start and /cancel work from any state
        payments.telegram_router(),  # pre-checkout and paid: whatever state the chat is in
        menu.create_router(),  # so do the main menu's buttons
        help_router.commands_router(),  # /help and a shared location, in any state
        *(section.entry().create_router() for section in SECTIONS),
        # The staff group's desk: every handler there filters on the staff chat or the desk's
        # own buttons, so the customers' sections lose nothing to it, nor it to them.
        staff_desk.create_router(),
        question_offer.create_router(),  # a question no section took: offered to support
        fallback.create_router(),  # last: whatever no section understood
    ]
