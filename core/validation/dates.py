"""Dates as people type them, and birth dates that make a plausible customer."""

from __future__ import annotations

import re
from datetime import date

from core.validation.errors import InvalidBirthDate, InvalidDate

MIN_AGE = 14
MAX_AGE = 120
_DAY_FIRST = re.compile(r"([0-9]{1,2})[./-]([0-9]{1,2})[./-]([0-9]{4})")
_ISO = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")


def parse_date(raw: str, field: str) -> date:
    """'01.02.1990', '1.2.1990', '01/02/1990', '1990-02-01' -> date(1990, 2, 1)."""
    text = raw.strip()
    if match := _ISO.fullmatch(text):
        year, month, day = match.groups()
    elif match := _DAY_FIRST.fullmatch(text):
        day, month, year = match.groups()
    else:
        raise InvalidDate(field)
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        raise InvalidDate(field) from None


def validate_birth_date(value: date | str, today: date, field: str = "birth_date") -> date:
    """A real date in the past giving an age of 14 to 120 years on `today`."""
    born = parse_date(value, field) if isinstance(value, str) else value
    if not MIN_AGE <= age_on(born, today) <= MAX_AGE:
        raise InvalidBirthDate(field, MIN_AGE, MAX_AGE)
    return born


def age_on(born: date, today: date) -> int:
    """Full years; someone born on 29 February turns a year older on 1 March in common years."""
    had_birthday = (today.month, today.day) >= (born.month, born.day)
    return today.year - born.year - (0 if had_birthday else 1)
