"""Reply-keyboard buttons matched by their text in any of the bot's languages: the keyboard a
person holds may have been sent before their Telegram switched language."""

from __future__ import annotations

import functools
from collections.abc import Iterable

from aiogram.filters import Filter
from aiogram.types import Message
from aiogram.utils.i18n import I18n

from bot.handlers.sections import MENU_BUTTON_KEYS


def is_button(text: str | None, keys: Iterable[str], i18n: I18n) -> bool:
    if text is None:
        return False
    return text in button_texts(i18n, tuple(keys))


@functools.lru_cache(maxsize=256)
def button_texts(i18n: I18n, keys: tuple[str, ...]) -> frozenset[str]:
    """The texts of the buttons `keys` in every language: looked up once per process (the
    catalogues are read at start), not at every message."""
    return frozenset(
        i18n.gettext(key, locale=locale) for key in keys for locale in i18n.available_locales
    )


class ButtonText(Filter):
    """The message is one of the buttons whose texts are `keys` in the catalogues."""

    def __init__(self, *keys: str) -> None:
        self.keys = keys

    async def __call__(self, message: Message, i18n: I18n) -> bool:
        return is_button(message.text, self.keys, i18n)


class NotMenuButton(Filter):
    """Lets the main menu's buttons through to the menu router, which opens them from any state."""

    async def __call__(self, message: Message, i18n: I18n) -> bool:
        return not is_button(message.text, MENU_BUTTON_KEYS, i18n)
