"""The offices and the nearest ones as messages (every value from the file escaped)."""

from __future__ import annotations

from aiogram import html
from aiogram.utils.i18n import get_i18n
from aiogram.utils.i18n import gettext as _

from core.help.views import NearOffice, Office, OfficeKind

MESSAGE_ROOM = 3500  # under Telegram's 4096, with room for the hint


def offices_messages(offices: list[Office]) -> list[str]:
    """The contact centre first, then the offices, in as few messages as fit."""
    ordered = sorted(offices, key=lambda o: o.kind is not OfficeKind.CONTACT_CENTRE)
    messages: list[str] = []
    current = ""
    for office in ordered:
        entry = _entry(office)
        if current and len(current) + len(entry) + 2 > MESSAGE_ROOM:
            messages.append(current)
            current = ""
        current = f"{current}\n\n{entry}" if current else entry
    messages.append(current)
    return messages


def _entry(office: Office) -> str:
    if office.kind is OfficeKind.CONTACT_CENTRE:
        return _("help.contact_centre").format(
            name=html.quote(office.name),
            phone=html.quote(office.phone),
            hours=html.quote(office.hours),
        )
    return _("help.office").format(
        name=html.quote(office.name),
        address=html.quote(office.address),
        hours=html.quote(office.hours),
        phone=html.quote(office.phone),
    )


def nearest_text(near: list[NearOffice]) -> str:
    lines = [_("help.nearest_title")]
    for number, found in enumerate(near, start=1):
        office = found.office
        lines.append(
            _("help.nearest_line").format(
                number=number,
                name=html.quote(office.name),
                distance=_decimal(found.kilometres),
                address=html.quote(office.address),
                hours=html.quote(office.hours),
                phone=html.quote(office.phone),
            )
        )
    return "\n\n".join(lines)


def _decimal(value: float) -> str:
    shown = f"{value:.1f}"
    return shown.replace(".", ",") if get_i18n().current_locale == "ru" else shown
