"""One router per cabinet section; `create_routers()` builds them in the order they are tried."""

from __future__ import annotations

from aiogram import Router

from bot.handlers import (
    errors,
    fallback,
    history,
    home,
    linking,
    menu,
    profile,
    readings,
    staff_review,
    start,
)


def create_routers() -> list[Router]:
    return [
        errors.create_router(),
        start.create_router(),  # /start and /cancel work from any state
        menu.create_router(),  # so do the main menu's buttons
        staff_review.create_router(),
        linking.create_router(),
        home.create_router(),
        profile.create_router(),
        readings.create_router(),
        history.create_router(),
        fallback.create_router(),  # last: whatever no section understood
    ]
