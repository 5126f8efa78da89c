"""Dates as people type them ("25.11.2026", "25.11.26", "25/11/2026") and working days ahead."""

from __future__ import annotations

import re
from datetime import date, timedelta

# ASCII digits only (`\d` would also take other scripts' digits).
_DATE = re.compile(
    r"^\s*([0-9]{1,2})[./\-\s]([0-9]{1,2})[./\-\s]([0-9]{2}|[0-9]{4})\s*(?:г\.?)?\s*$"
)


def parse_date(text: str) -> date | None:
    found = _DATE.match(text)
    if found is None:
        return None
    day, month, year = (int(part) for part in found.groups())
    if year < 100:
        year += 2000
    try:
        return date(year, month, day)
    except ValueError:
        return None


def working_days_after(today: date, count: int) -> list[date]:
    """The next `count` days from Monday to Friday, tomorrow first (holidays are not known)."""
    days: list[date] = []
    day = today
    while len(days) < count:
        day += timedelta(days=1)
        if day.weekday() < 5:
            days.append(day)
    return days
