"""The main menu: the cabinet's sections as a reply keyboard, always at hand."""

from __future__ import annotations

from aiogram.types import KeyboardButton, ReplyKeyboardMarkup
from aiogram.utils.i18n import gettext as _

from bot.handlers.sections import MENU_BUTTON_KEYS


def main_menu() -> ReplyKeyboardMarkup:
    """The sections' buttons in the registry's order, two a row."""
    texts = [_(key) for key in MENU_BUTTON_KEYS]
    rows = [texts[i : i + 2] for i in range(0, len(texts), 2)]
    return ReplyKeyboardMarkup(
        keyboard=[[KeyboardButton(text=text) for text in row] for row in rows],
        resize_keyboard=True,
        is_persistent=True,
        input_field_placeholder=_("menu.placeholder"),
    )
