"""The rules one zone's value must pass, as pure functions of the meter and its history."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from core.readings.errors import (
    MalformedReading,
    ReadingBelowLast,
    TooManyDecimals,
    TooManyDigits,
)

HIGH_CONSUMPTION_FACTOR = 3
HIGH_CONSUMPTION_FLOOR_KWH = Decimal(300)
ROLLOVER_USUAL_FACTOR = 10
USUAL_MONTHS = 12


@dataclass(frozen=True, slots=True)
class ZoneCheck:
    """A value that passed: its consumption (None for a meter's first reading) and what to confirm."""

    consumption: Decimal | None
    rollover: bool
    high_consumption: bool


@dataclass(frozen=True, slots=True)
class Usual:
    """The zone's average monthly consumption, and how many months the new reading covers."""

    monthly: Decimal
    months: int

    @property
    def expected(self) -> Decimal:
        return self.monthly * max(1, self.months)


def check_zone(
    zone: str, value: Decimal, last: Decimal | None, digits: int, decimals: int, usual: Usual | None
) -> ZoneCheck:
    check_fits(zone, value, digits, decimals)
    if last is None:
        return ZoneCheck(consumption=None, rollover=False, high_consumption=False)
    if value >= last:
        consumption = value - last
        rollover = False
    else:
        consumption = value - last + 10**digits
        if not _plausible_rollover(consumption, digits, usual):
            raise ReadingBelowLast(zone, value, last)
        rollover = True
    return ZoneCheck(consumption, rollover, _far_above_usual(consumption, usual))


def check_fits(zone: str, value: Decimal, digits: int, decimals: int) -> None:
    if not value.is_finite() or value < 0:
        raise MalformedReading(str(value))
    if value >= 10**digits:
        raise TooManyDigits(zone, value, digits)
    if fraction_digits(value) > decimals:
        raise TooManyDecimals(zone, value, decimals)


def fraction_digits(value: Decimal) -> int:
    """Significant digits after the point: 12345.60 has one."""
    exponent = value.normalize().as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def usual_monthly(per_period: list[Decimal]) -> Decimal | None:
    return sum(per_period, Decimal(0)) / len(per_period) if per_period else None


def _plausible_rollover(consumption: Decimal, digits: int, usual: Usual | None) -> bool:
    """A meter passing 99999 → 00000 uses a little; a typo below the last value "uses" half the dial."""
    if consumption >= Decimal(10**digits) / 2:
        return False
    if usual is None:
        return True
    return consumption <= max(usual.expected * ROLLOVER_USUAL_FACTOR, HIGH_CONSUMPTION_FLOOR_KWH)


def _far_above_usual(consumption: Decimal, usual: Usual | None) -> bool:
    if usual is None:
        return False
    return (
        consumption > usual.expected * HIGH_CONSUMPTION_FACTOR
        and consumption > HIGH_CONSUMPTION_FLOOR_KWH
    )
