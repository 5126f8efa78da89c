"""The main menu's buttons: each opens its section from any state, leaving any dialog behind."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import F, Router
from aiogram.filters import Filter
from aiogram.fsm.context import FSMContext
from aiogram.types import Message
from aiogram.utils.i18n import I18n

from bot.filters.button_text import is_button
from bot.handlers import history, home, payments, profile, readings, start, support
from bot.handlers.dialog import save
from bot.handlers.documents import customer as documents_customer
from bot.handlers.help import router as help_router
from bot.handlers.outages import customer as outages_customer
from bot.keyboards.menu import MENU_BUTTONS
from core.cabinet import Cabinet
from core.users.views import UserView

SectionEntry = Callable[[Message, FSMContext, Cabinet, UserView | None], Awaitable[None]]


class MenuButton(Filter):
    """Matches a menu button's text in any of the bot's languages (the keyboard the user holds
    may be older than a change of language) and names the section."""

    async def __call__(self, message: Message, i18n: I18n) -> bool | dict[str, Any]:
        for section, key in MENU_BUTTONS.items():
            if is_button(message.text, (key,), i18n):
                return {"section": section}
        return False


SIGNED_IN_SECTIONS: dict[str, SectionEntry] = {
    "home": home.open_home,
    "profile": profile.open_profile,
    "readings": readings.open_readings,
    "payment": payments.open_payments,
    "history": history.open_history,
    "messages": support.open_messages,
    "documents": documents_customer.open_documents,
    "outages": outages_customer.open_outages,
}


# Sections for everyone, signed in or not.
OPEN_SECTIONS: dict[str, SectionEntry] = {"help": help_router.open_help}


async def open_section(
    message: Message, state: FSMContext, cabinet: Cabinet, user: UserView | None, section: str
) -> None:
    await save(state, None, {})  # any dialog left behind (one round trip on Redis)
    if section in OPEN_SECTIONS:
        await OPEN_SECTIONS[section](message, state, cabinet, user)
        return
    if user is None:
        await start.ask_to_sign_in(message, state)
        return
    await SIGNED_IN_SECTIONS[section](message, state, cabinet, user)


def create_router() -> Router:
    router = Router(name="menu")
    router.message.register(open_section, F.chat.type == "private", F.text, MenuButton())
    return router
