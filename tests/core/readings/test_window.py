from __future__ import annotations

from datetime import date

import pytest

from core.readings.window import place_reading


@pytest.mark.parametrize(
    ("day", "period", "opens", "closes", "outside"),
    [
        (date(2026, 7, 15), "2026-07", date(2026, 7, 15), date(2026, 7, 25), False),
        (date(2026, 7, 25), "2026-07", date(2026, 7, 15), date(2026, 7, 25), False),
        # Before the window opens the reading waits for this month's window.
        (date(2026, 7, 14), "2026-07", date(2026, 7, 15), date(2026, 7, 25), True),
        # After it closes, the next month's period and window.
        (date(2026, 7, 26), "2026-08", date(2026, 8, 15), date(2026, 8, 25), True),
        (date(2026, 12, 31), "2027-01", date(2027, 1, 15), date(2027, 1, 25), True),
    ],
)
def test_the_window_decides_the_period(
    day: date, period: str, opens: date, closes: date, outside: bool
) -> None:
    placement = place_reading(day, 15, 25)

    assert (placement.period, placement.window_opens, placement.window_closes) == (
        period,
        opens,
        closes,
    )
    assert placement.outside_window is outside


def test_a_window_ending_past_a_short_month_ends_on_its_last_day() -> None:
    placement = place_reading(date(2027, 2, 28), 20, 31)

    assert (placement.period, placement.window_closes, placement.outside_window) == (
        "2027-02",
        date(2027, 2, 28),
        False,
    )
