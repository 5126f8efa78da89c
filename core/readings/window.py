"""The submission window: the days of the month when readings count for the current period."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

from core.readings.periods import month_after, period_of


@dataclass(frozen=True, slots=True)
class PeriodPlacement:
    """Which period a reading sent on a day counts for, and that period's window."""

    period: str
    window_opens: date
    window_closes: date
    outside_window: bool


def window_of(year: int, month: int, start_day: int, end_day: int) -> tuple[date, date]:
    """The window's first and last day in a month; a day past the month's end means its last day."""
    last_day = calendar.monthrange(year, month)[1]
    return date(year, month, min(start_day, last_day)), date(year, month, min(end_day, last_day))


def place_reading(day: date, start_day: int, end_day: int) -> PeriodPlacement:
    """Inside the window a reading counts for this month. Outside it, it counts for the period of
    the next window to close: this month's when the window has not opened yet, else next month's."""
    opens, closes = window_of(day.year, day.month, start_day, end_day)
    if day <= closes:
        return PeriodPlacement(period_of(day), opens, closes, outside_window=day < opens)
    year, month = month_after(day.year, day.month)
    opens, closes = window_of(year, month, start_day, end_day)
    return PeriodPlacement(period_of(opens), opens, closes, outside_window=True)
