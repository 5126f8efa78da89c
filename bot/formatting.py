"""How numbers, money and dates look in the chat (Russian conventions in both languages)."""

from __future__ import annotations

from datetime import date, datetime, tzinfo
from decimal import Decimal

from aiogram.utils.i18n import gettext as _

THIN_SPACE = "\u202f"


def local_datetime(moment: datetime, zone: tzinfo) -> str:
    return moment.astimezone(zone).strftime("%d.%m.%Y %H:%M")


def local_date(moment: datetime | date, zone: tzinfo) -> str:
    if isinstance(moment, datetime):
        moment = moment.astimezone(zone).date()
    return moment.strftime("%d.%m.%Y")


def rubles(kopecks: int) -> str:
    """12345678 → "123 456,78 ₽" (a narrow no-break space between thousands)."""
    sign = "−" if kopecks < 0 else ""
    whole, cents = divmod(abs(kopecks), 100)
    return f"{sign}{whole:,}".replace(",", THIN_SPACE) + f",{cents:02d} ₽"


def kwh(value: Decimal) -> str:
    """Decimal("12345.600") → "12 345,6"; whole numbers without a fraction."""
    sign = "−" if value < 0 else ""
    text = format(abs(value).normalize(), "f")
    whole, _, fraction = text.partition(".")
    return sign + f"{int(whole):,}".replace(",", THIN_SPACE) + (f",{fraction}" if fraction else "")


def period_name(period: str) -> str:
    """ "2026-07" → "июль 2026" (in the user's language)."""
    year, month = period.split("-")
    months = _("common.months").split(",")
    return f"{months[int(month) - 1].strip()} {year}"
