"""Texts for the staff group, which reads Russian whatever language each member's Telegram
speaks."""

from __future__ import annotations

from aiogram import html
from aiogram.types import User
from aiogram.utils.i18n import gettext as _

from bot.i18n import DEFAULT_LOCALE

STAFF_LOCALE = DEFAULT_LOCALE


def t(key: str) -> str:
    """The text of `key` in the staff group's language."""
    return _(key, locale=STAFF_LOCALE)


def who(person: User) -> str:
    """A staff member as the group's notes name them: full name, and @username when there is one."""
    name = html.quote(person.full_name)
    return f"{name} (@{html.quote(person.username)})" if person.username else name
