"""The main menu: the cabinet's sections as a reply keyboard, always at hand."""

from __future__ import annotations

from aiogram.types import KeyboardButton, ReplyKeyboardMarkup
from aiogram.utils.i18n import gettext as _

# Section → its button's text key. The order is the keyboard's, two buttons a row.
MENU_BUTTONS = {
    "home": "menu.home",
    "readings": "menu.readings",
    "payment": "menu.payment",
    "history": "menu.history",
    "messages": "menu.messages",
    "profile": "menu.profile",
    "documents": "documents.menu",  # bot/handlers/documents
    "outages": "outages.menu",  # bot/handlers/outages
    "help": "help.menu",  # bot/handlers/help: open to everyone, signed in or not
}


def main_menu() -> ReplyKeyboardMarkup:
    texts = [_(key) for key in MENU_BUTTONS.values()]
    rows = [texts[i : i + 2] for i in range(0, len(texts), 2)]
    return ReplyKeyboardMarkup(
        keyboard=[[KeyboardButton(text=text) for text in row] for row in rows],
        resize_keyboard=True,
        is_persistent=True,
        input_field_placeholder=_("menu.placeholder"),
    )
