"""Billing periods ("YYYY-MM") and the months around them."""

from __future__ import annotations

from datetime import date


def period_of(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def month_after(year: int, month: int) -> tuple[int, int]:
    return (year + 1, 1) if month == 12 else (year, month + 1)


def month_before(year: int, month: int) -> tuple[int, int]:
    return (year - 1, 12) if month == 1 else (year, month - 1)


def previous_period(period: str) -> str:
    year, month = month_before(*parse_period(period))
    return f"{year:04d}-{month:02d}"


def parse_period(period: str) -> tuple[int, int]:
    year, month = period.split("-")
    return int(year), int(month)


def months_between(earlier: str, later: str) -> int:
    """Whole months from one period to another: 2026-01 to 2026-03 is 2."""
    (year_a, month_a), (year_b, month_b) = parse_period(earlier), parse_period(later)
    return (year_b - year_a) * 12 + (month_b - month_a)
