"""One router per cabinet section; `create_routers()` builds them in the order they are tried."""

from __future__ import annotations

from aiogram import Router

from bot.handlers import (
    bills,
    broadcast,
    errors,
    fallback,
    history,
    home,
    linking,
    menu,
    notification_buttons,
    payments,
    profile,
    profile_notifications,
    question_offer,
    readings,
    services,
    services_staff,
    staff_review,
    start,
    support,
    support_staff,
)
from bot.handlers.documents import customer as documents_customer
from bot.handlers.documents import staff as documents_staff
from bot.handlers.help import router as help_router
from bot.handlers.outages import staff as outages_staff


def create_routers() -> list[Router]:
    return [
        errors.create_router(),
        start.create_router(),  # /start and /cancel work from any state
        payments.telegram_router(),  # pre-checkout and paid: whatever state the chat is in
        menu.create_router(),  # so do the main menu's buttons
        help_router.create_router(),  # /help and a shared location, in any state
        # The most used job, tried first: its handlers answer only in its own states and to its
        # own buttons, so no section after it loses an update to it.
        readings.create_router(),
        services_staff.create_router(),  # the staff's prompts first, in their topic only
        documents_staff.create_router(),  # /document in a customer's topic: not an answer
        support_staff.create_router(),  # customers' topics, before staff_review's replies
        outages_staff.create_router(),  # /outage in the staff group, in its own states only
        staff_review.create_router(),
        broadcast.create_router(),  # /broadcast in the staff group
        linking.create_router(),
        home.create_router(),
        profile.create_router(),
        profile_notifications.create_router(),  # «Профиль» → «Уведомления»
        notification_buttons.create_router(),  # the buttons under notifications
        payments.create_router(),
        history.create_router(),
        bills.create_router(),  # «Квитанция» under cards, charges and notifications
        support.create_router(),
        services.create_router(),
        documents_customer.create_router(),
        question_offer.create_router(),  # a question no section took: offered to support
        fallback.create_router(),  # last: whatever no section understood
    ]
