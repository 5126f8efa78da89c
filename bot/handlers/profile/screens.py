"""What the profile's screens say, and how a button swaps one screen for another in place."""

from __future__ import annotations

import contextlib
from datetime import date, tzinfo

from aiogram import html
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.i18n import gettext as _

from bot.formatting import local_date
from bot.handlers.profile.keyboards import (
    CONTACT_FIELDS,
    PERSONAL_FIELDS,
    ProfileScreen,
    field_label,
    fields_keyboard,
)
from core.users.profile_fields import ProfileField
from core.users.views import ProfileView

FIELD_SECTIONS = {
    ProfileScreen.PERSONAL: PERSONAL_FIELDS,
    ProfileScreen.CONTACTS: CONTACT_FIELDS,
}


async def show(query: CallbackQuery, text: str, markup: InlineKeyboardMarkup | None) -> None:
    """Replaces the pressed message; a second press of the same button changes nothing."""
    if isinstance(query.message, Message):
        with contextlib.suppress(TelegramBadRequest):  # "message is not modified"
            await query.message.edit_text(text, reply_markup=markup)
    elif query.bot is not None:  # too old to edit: a new message does as well
        await query.bot.send_message(query.from_user.id, text, reply_markup=markup)
    await query.answer()


def overview_text(profile: ProfileView) -> str:
    names = [profile.last_name, profile.first_name, profile.middle_name]
    full_name = " ".join(name for name in names if name)
    return _("profile.overview").format(
        name=html.quote(full_name) if full_name else _("profile.value_empty"),
        phone=html.quote(profile.phone) if profile.phone else _("profile.value_empty"),
        email=html.quote(profile.email) if profile.email else _("profile.value_empty"),
    )


def section_of(field: ProfileField) -> ProfileScreen:
    return ProfileScreen.PERSONAL if field in PERSONAL_FIELDS else ProfileScreen.CONTACTS


def section_text(profile: ProfileView, section: ProfileScreen, zone: tzinfo) -> str:
    lines = [_(f"profile.section_{section.value}")]
    lines += [
        f"{field_label(field)}: {shown_value(profile, field, zone)}"
        for field in FIELD_SECTIONS[section]
    ]
    lines += ["", _("profile.section_hint")]
    return "\n".join(lines)


def section_keyboard(section: ProfileScreen) -> InlineKeyboardMarkup:
    return fields_keyboard(FIELD_SECTIONS[section])


def shown_value(profile: ProfileView, field: ProfileField, zone: tzinfo) -> str:
    value: str | date | None = getattr(profile, field.value)
    if value is None:
        return _("profile.value_empty")
    if isinstance(value, date):
        return local_date(value, zone)
    if field is ProfileField.GENDER:
        return _(f"profile.gender_{value}")
    return html.quote(value)
