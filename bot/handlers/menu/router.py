"""The main menu's buttons: each opens its section from any state, leaving any dialog behind."""

from __future__ import annotations

from typing import Any

from aiogram import F, Router
from aiogram.filters import Filter
from aiogram.fsm.context import FSMContext
from aiogram.types import Message
from aiogram.utils.i18n import I18n

from bot.filters.button_text import is_button
from bot.filters.private_chat import in_private_chat
from bot.handlers.common.dialog import save
from bot.handlers.onboarding import start
from bot.handlers.sections import MENU_SECTIONS, Section
from core.cabinet import Cabinet
from core.users.views import UserView


class MenuButton(Filter):
    """Matches a menu button's text in any of the bot's languages (the keyboard the user holds
    may be older than a change of language) and names the section."""

    async def __call__(self, message: Message, i18n: I18n) -> bool | dict[str, Any]:
        for section in MENU_SECTIONS:
            if section.button is not None and is_button(message.text, (section.button,), i18n):
                return {"section": section}
        return False


async def open_section(
    message: Message,
    state: FSMContext,
    cabinet: Cabinet,
    user: UserView | None,
    section: Section,
) -> None:
    await save(state, None, {})  # any dialog left behind (one round trip on Redis)
    if user is None and not section.for_everyone:
        await start.ask_to_sign_in(message, state)
        return
    await section.menu_entry().open_section(message, state, cabinet, user)


def create_router() -> Router:
    router = Router(name="menu")
    router.message.register(open_section, in_private_chat, F.text, MenuButton())
    return router
