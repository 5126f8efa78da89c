"""A domain error in the user's words: `error.<code>` from the catalogues, with its params."""

from __future__ import annotations

from datetime import date, datetime, tzinfo
from typing import Any

from aiogram import html
from aiogram.utils.i18n import gettext as _

from bot.formatting import local_date, local_datetime
from core.errors import CabinetError


def error_text(error: CabinetError, zone: tzinfo, **extra: Any) -> str:
    """Times in `zone` (the company's); every value is HTML-escaped."""
    key = f"error.{error.code}"
    template = _(key)
    if template == key:  # no text for this code yet: say something true rather than the key
        template = _("error.generic")
    params = {name: _shown(value, zone) for name, value in {**error.params, **extra}.items()}
    try:
        return template.format(**params)
    except (KeyError, IndexError, ValueError):
        return template


class LocalMoment:
    """A moment in a text: `{taken_at}` is the local date and time, `{taken_at:time}` the local
    time alone (for a text that says «сегодня» itself)."""

    def __init__(self, moment: datetime, zone: tzinfo) -> None:
        self.moment = moment
        self.zone = zone

    def __format__(self, spec: str) -> str:
        if spec == "time":
            return self.moment.astimezone(self.zone).strftime("%H:%M")
        return local_datetime(self.moment, self.zone)

    def __str__(self) -> str:
        return format(self)


def _shown(value: Any, zone: tzinfo) -> str | LocalMoment:
    if isinstance(value, datetime):
        return LocalMoment(value, zone)
    if isinstance(value, date):
        return local_date(value, zone)
    return html.quote(str(value))
