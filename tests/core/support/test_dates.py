from __future__ import annotations

from datetime import date

import pytest

from core.support.dates import parse_date, working_days_after


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("25.11.2026", date(2026, 11, 25)),
        (" 5.1.27 ", date(2027, 1, 5)),
        ("25/11/2026", date(2026, 11, 25)),
        ("25.11.2026 г.", date(2026, 11, 25)),
        ("31.02.2026", None),
        ("завтра", None),
        ("2026-11-25", None),
        ("٢٥.١١.٢٠٢٦", None),  # Arabic-Indic digits
        ("２５.１１.２０２６", None),  # full-width
    ],
)
def test_dates_as_people_type_them(typed: str, expected: date | None) -> None:
    assert parse_date(typed) == expected


def test_working_days_skip_the_weekend() -> None:
    friday = date(2026, 11, 20)
    assert working_days_after(friday, 3) == [
        date(2026, 11, 23),
        date(2026, 11, 24),
        date(2026, 11, 25),
    ]
