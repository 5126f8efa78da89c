"""Parsing of single CSV fields: strict, with messages a billing operator can act on.

Each function takes the raw text and the column's name (for the message) and raises FieldError.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from enum import StrEnum
from functools import lru_cache
from typing import NamedTuple, TypeVar

# ASCII digits only: `\d` would also take other scripts' digits, which billing never writes.
_RUBLES = re.compile(r"-?[0-9]{1,13}(?:\.([0-9]+))?")
_DECIMAL = re.compile(r"-?[0-9]{1,11}(?:\.([0-9]+))?")
_PERIOD = re.compile(r"([0-9]{4})-([0-9]{2})")

Choice = TypeVar("Choice", bound=StrEnum)


class FieldError(ValueError):
    """A field that cannot be taken as it is; the message names the column."""


class Text(NamedTuple):
    """A text column: its name, its longest value and whether it may be empty."""

    column: str
    max_length: int
    required: bool


class TextColumns:
    """Several text columns parsed at once. A million rows add up, so the usual case (every
    field fits) is checked by loops that run in C; a field that does not fit is then looked for
    column by column to name it."""

    def __init__(self, *columns: Text) -> None:
        self._columns = columns
        self._max_lengths = [column.max_length for column in columns]
        self._required = [position for position, column in enumerate(columns) if column.required]

    def parse(self, values: Sequence[str]) -> list[str | None]:
        """Stripped values, None for an empty optional one; FieldError names a field that does
        not fit."""
        stripped = [value.strip() for value in values]
        if (
            len(stripped) == len(self._columns)
            and all(map(stripped.__getitem__, self._required))
            and all(map(operator.le, map(len, stripped), self._max_lengths))
        ):
            return [value or None for value in stripped]
        raise self._error(stripped)

    def _error(self, stripped: list[str]) -> FieldError:
        if len(stripped) != len(self._columns):
            raise ValueError(f"{len(self._columns)} values expected, {len(stripped)} given")
        for value, (column, max_length, required) in zip(stripped, self._columns, strict=True):
            if required and not value:
                return FieldError(f"{column} is empty")
            if len(value) > max_length:
                return FieldError(f"{column} is longer than {max_length} characters")
        raise AssertionError("every field fits")


def optional_text(value: str, column: str, max_length: int) -> str | None:
    value = value.strip()
    if not value:
        return None
    if len(value) > max_length:
        raise FieldError(f"{column} is longer than {max_length} characters")
    return value


def required_text(value: str, column: str, max_length: int) -> str:
    text = optional_text(value, column, max_length)
    if text is None:
        raise FieldError(f"{column} is empty")
    return text


def optional_date(value: str, column: str) -> date | None:
    value = value.strip()
    if not value:
        return None
    return required_date(value, column)


def required_date(value: str, column: str) -> date:
    value = value.strip()
    if not value:
        raise FieldError(f"{column} is empty")
    try:
        return _iso_day(value)
    except ValueError:
        raise FieldError(f"{column} {value!r} is not a date YYYY-MM-DD") from None


@lru_cache(maxsize=4096)
def _iso_day(value: str) -> date:
    """Cached: a file's rows share few distinct days."""
    # fromisoformat alone would also take "20240105"; the format is the dashed one only.
    if len(value) != 10 or value[4] != "-" or value[7] != "-":
        raise ValueError(value)
    return date.fromisoformat(value)


def required_period(value: str, column: str) -> str:
    value = value.strip()
    match = _PERIOD.fullmatch(value)
    if match is None or not 1 <= int(match.group(2)) <= 12:
        raise FieldError(f"{column} {value!r} is not a month YYYY-MM")
    return value


def required_kopecks(value: str, column: str, *, allow_negative: bool) -> int:
    """Roubles with a dot and at most two decimals ("949.08") as integer kopecks."""
    value = value.strip()
    if not value:
        raise FieldError(f"{column} is empty")
    match = _RUBLES.fullmatch(value)
    if match is None:
        raise FieldError(f"{column} {value!r} is not an amount in roubles like 949.08")
    if len(match.group(1) or "") > 2:
        raise FieldError(f"{column} {value!r} has more than 2 decimals")
    amount = Decimal(value)
    if amount < 0 and not allow_negative:
        raise FieldError(f"{column} {value!r} is negative")
    return int(amount * 100)


def optional_decimal(
    value: str, column: str, *, places: int, allow_negative: bool = False
) -> Decimal | None:
    value = value.strip()
    if not value:
        return None
    return required_decimal(value, column, places=places, allow_negative=allow_negative)


def required_decimal(
    value: str, column: str, *, places: int, allow_negative: bool = False
) -> Decimal:
    value = value.strip()
    if not value:
        raise FieldError(f"{column} is empty")
    match = _DECIMAL.fullmatch(value)
    if match is None:
        raise FieldError(f"{column} {value!r} is not a number like 12345.6")
    if len(match.group(1) or "") > places:
        raise FieldError(f"{column} {value!r} has more than {places} decimals")
    number = Decimal(value)
    if number < 0 and not allow_negative:
        raise FieldError(f"{column} {value!r} is negative")
    return number


def required_choice(value: str, column: str, choices: type[Choice]) -> Choice:
    value = value.strip()
    member = _members(choices).get(value)
    if member is None:
        allowed = ", ".join(member.value for member in choices)
        raise FieldError(f"{column} {value!r} is not one of {allowed}")
    return member


@lru_cache(maxsize=64)
def _members(choices: type[Choice]) -> dict[str, Choice]:
    """By value: a dictionary look-up instead of the enum's call, for a million rows."""
    return {member.value: member for member in choices}
