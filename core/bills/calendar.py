"""Periods (YYYY-MM) as moments and as words on a bill."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from core.readings.periods import month_after, parse_period

# The bill is a Russian document in either language of the chat.
MONTHS_RU = (
    "январь", "февраль", "март", "апрель", "май", "июнь",
    "июль", "август", "сентябрь", "октябрь", "ноябрь", "декабрь",
)  # fmt: skip


def period_bounds(period: str, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """[start, end) of the month in the company's calendar, in UTC."""
    year, month = parse_period(period)
    next_year, next_month = month_after(year, month)
    start = datetime.combine(date(year, month, 1), time.min, tz)
    end = datetime.combine(date(next_year, next_month, 1), time.min, tz)
    return start.astimezone(UTC), end.astimezone(UTC)


def period_words_ru(period: str) -> str:
    """ "2026-10" → "октябрь 2026"."""
    year, month = parse_period(period)
    return f"{MONTHS_RU[month - 1]} {year}"
