"""The months of the demo's history with what does not depend on the customer, worked out once
per region: period names, the days a reading may be taken on, and each zone's price and share."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from core.demo.catalog import ZONE_SHARES, price, service_name
from core.readings.periods import month_before

# How much more (or less) a household uses in each month than on average: winter heating.
SEASON = (1.35, 1.25, 1.1, 0.95, 0.85, 0.9, 1.05, 1.05, 0.85, 0.95, 1.15, 1.3)
# Readings are taken between these days of the month.
FIRST_READING_DAY, LAST_READING_DAY = 20, 25


@dataclass(frozen=True, slots=True)
class Month:
    year: int
    month: int
    period: str  # YYYY-MM
    season: float
    reading_days: tuple[str, ...]  # ISO dates of FIRST_READING_DAY..LAST_READING_DAY
    bill_day: date  # the first of the next month, when the bill is issued

    def reading_day(self, day: int) -> str:
        return self.reading_days[day - FIRST_READING_DAY]


@dataclass(frozen=True, slots=True)
class ZonePrice:
    """A zone's share of the consumption (a fraction) and its price in a month."""

    zone: str
    share_numerator: int
    share_denominator: int
    service: str
    kopecks_per_kwh: int
    rub_per_kwh: str  # as the charges file writes it

    def kwh_of(self, used: int) -> int:
        """The whole kWh of `used` this zone takes (rounded down; the last zone takes the rest)."""
        return used * self.share_numerator // self.share_denominator


class Calendar:
    """The `count` months before `today`'s month, oldest first."""

    def __init__(self, today: date, count: int) -> None:
        year, month = today.year, today.month
        months: list[Month] = []
        for _ in range(count):
            year, month = month_before(year, month)
            months.append(_month(year, month))
        self.months: tuple[Month, ...] = tuple(reversed(months))
        self._prices: dict[tuple[str, bool], list[list[ZonePrice]]] = {}

    def prices(self, zones: str, village: bool) -> list[list[ZonePrice]]:
        """Per month, the zones of a meter with `zones` and their prices."""
        key = (zones, village)
        if key not in self._prices:
            shares = ZONE_SHARES[zones]
            self._prices[key] = [
                [_zone_price(month, zones, zone, share, village) for zone, share in shares.items()]
                for month in self.months
            ]
        return self._prices[key]


def _month(year: int, month: int) -> Month:
    return Month(
        year=year,
        month=month,
        period=f"{year:04d}-{month:02d}",
        season=SEASON[month - 1],
        reading_days=tuple(
            date(year, month, day).isoformat()
            for day in range(FIRST_READING_DAY, LAST_READING_DAY + 1)
        ),
        bill_day=date(year + month // 12, month % 12 + 1, 1),
    )


def _zone_price(month: Month, zones: str, zone: str, share: Decimal, village: bool) -> ZonePrice:
    rate = price(month.year, month.month, zones, zone, village)
    kopecks = rate * 100
    if kopecks != int(kopecks):
        raise ValueError(f"{rate} ₽/kWh is not a whole number of kopecks")
    numerator, denominator = share.as_integer_ratio()
    return ZonePrice(
        zone=zone,
        share_numerator=numerator,
        share_denominator=denominator,
        service=service_name(zones, zone),
        kopecks_per_kwh=int(kopecks),
        rub_per_kwh=str(rate),
    )
