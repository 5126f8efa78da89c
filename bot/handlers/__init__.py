"""One router per cabinet section; `create_routers()` builds them in the order they are tried."""

from __future__ import annotations

from aiogram import Router

from bot.handlers import errors, fallback


def create_routers() -> list[Router]:
    # The fallback router goes last: it answers whatever no section understood.
    return [errors.create_router(), fallback.create_router()]
