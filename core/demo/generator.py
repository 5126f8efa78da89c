"""A deterministic region of customers: accounts, meters, two years of readings, charges and
the payments that answer them, as rows of the billing exchange's files."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from core.demo.catalog import (
    METER_MODELS,
    TOWN_TARIFF,
    VILLAGE_TARIFF,
    ZONE_SHARES,
    MeterModel,
    price,
    service_name,
)
from core.demo.people import holder_name
from core.demo.region import BRANCHES, Branch, Locality
from core.enums import PaymentSource, ReadingSource
from core.readings.periods import month_before

MONTHS_OF_HISTORY = 24
# ЕЛС letters are the Cyrillic ones that look like Latin, so either typed form matches.
ELS_LETTERS = "АВЕКМНОРСТУХ"
VERIFICATION_INTERVAL_YEARS = 16
# How much more (or less) a household uses in each month than on average: winter heating.
SEASON = (1.35, 1.25, 1.1, 0.95, 0.85, 0.9, 1.05, 1.05, 0.85, 0.95, 1.15, 1.3)
PAYMENT_PURPOSE = "Электроэнергия"
KOPECK = Decimal("0.01")


class Habit(StrEnum):
    """How a customer pays."""

    PAYS_IN_FULL = "pays in full"
    IN_DEBT = "in debt"
    OVERPAYS = "overpays"
    PAYS_EVERY_FEW_MONTHS = "pays every few months"


@dataclass(frozen=True)
class DemoAccount:
    number: str
    els: str
    holder_name: str
    address: str
    meter: str
    zones: str
    habit: Habit


@dataclass
class DemoData:
    """Rows of each billing file, in the exchange's column order, and who is who."""

    accounts: list[list[str]] = field(default_factory=list)
    meters: list[list[str]] = field(default_factory=list)
    readings: list[list[str]] = field(default_factory=list)
    charges: list[list[str]] = field(default_factory=list)
    payments: list[list[str]] = field(default_factory=list)
    people: list[DemoAccount] = field(default_factory=list)

    def rows_of(self, kind: str) -> list[list[str]]:
        rows: list[list[str]] = getattr(self, kind)
        return rows


def generate_region(accounts: int, seed: int, today: date) -> DemoData:
    """`accounts` customers with history up to the month before `today`; same input, same data."""
    rng = random.Random(seed)
    data = DemoData()
    periods = _periods_before(today, MONTHS_OF_HISTORY)
    next_number = dict.fromkeys((branch.code for branch in BRANCHES), 0)
    for _ in range(accounts):
        branch = rng.choice(BRANCHES)
        next_number[branch.code] += 1
        number = f"26{branch.code}{next_number[branch.code]:08d}"
        _Customer(rng, data, number, branch, periods, today).generate()
    return data


def _periods_before(today: date, count: int) -> list[tuple[int, int]]:
    year, month = today.year, today.month
    periods = []
    for _ in range(count):
        year, month = month_before(year, month)
        periods.append((year, month))
    return periods[::-1]


class _Customer:
    """One account's whole story, drawn from the shared random stream in a fixed order."""

    def __init__(
        self,
        rng: random.Random,
        data: DemoData,
        number: str,
        branch: Branch,
        periods: list[tuple[int, int]],
        today: date,
    ) -> None:
        self.rng = rng
        self.data = data
        self.number = number
        self.branch = branch
        self.periods = periods
        self.today = today

    def generate(self) -> None:
        locality = self.rng.choice(self.branch.localities)
        model = self.rng.choices(METER_MODELS, weights=(20, 15, 15, 15, 13, 10, 7, 5))[0]
        habit = self.rng.choices(list(Habit), weights=(72, 12, 10, 6))[0]
        els = self._els()
        holder = holder_name(self.rng)
        address = self._add_account(els, holder, locality)
        serial = "".join(self.rng.choice("0123456789") for _ in range(model.serial_length))
        self._add_meter(serial, model)
        bills = self._add_readings_and_charges(serial, model, village=not locality.is_town)
        self._add_payments(bills, habit)
        self.data.people.append(
            DemoAccount(self.number, els, holder, address, model.name, model.zones, habit)
        )

    def _els(self) -> str:
        letters = "".join(self.rng.choice(ELS_LETTERS) for _ in range(2))
        return f"{self.rng.randint(10, 99)}{letters}{self.rng.randint(0, 999_999):06d}"

    def _add_account(self, els: str, holder: str, locality: Locality) -> str:
        street = self.rng.choice(locality.streets)
        house = str(self.rng.randint(1, 150))
        letter = self.rng.choice("аб") if self.rng.random() < 0.08 else ""
        in_flat = locality.is_town and self.rng.random() < 0.75
        building = str(self.rng.randint(1, 3)) if in_flat and self.rng.random() < 0.1 else ""
        apartment = str(self.rng.randint(1, 120)) if in_flat else ""
        tariff = TOWN_TARIFF if locality.is_town else VILLAGE_TARIFF
        self.data.accounts.append(
            [
                self.number,
                els,
                self.branch.name,
                locality.name,
                street,
                house,
                letter,
                building,
                apartment,
                holder,
                tariff,
            ]
        )
        parts = [locality.name, street, f"д. {house}{letter}"]
        parts += [f"корп. {building}"] if building else []
        parts += [f"кв. {apartment}"] if apartment else []
        return ", ".join(parts)

    def _add_meter(self, serial: str, model: MeterModel) -> None:
        installed_on = date(self.rng.randint(2012, 2022), self.rng.randint(1, 12), 1)
        installed_on += timedelta(days=self.rng.randint(0, 27))
        next_verification_on = installed_on.replace(
            year=installed_on.year + VERIFICATION_INTERVAL_YEARS
        )
        self.data.meters.append(
            [
                self.number,
                serial,
                model.name,
                str(model.digits),
                model.zones,
                installed_on.isoformat(),
                next_verification_on.isoformat(),
            ]
        )

    def _add_readings_and_charges(
        self, serial: str, model: MeterModel, village: bool
    ) -> list[tuple[date, int]]:
        """Monthly readings and the charges they make; returns each bill's date and total."""
        shares = ZONE_SHARES[model.zones]
        headroom = 10**model.digits - 40_000
        values = {zone: self.rng.randint(1_000, headroom) for zone in shares}
        base = self.rng.randint(150, 500) if village else self.rng.randint(90, 380)
        source = self.rng.choices(
            [
                ReadingSource.RECEIPT,
                ReadingSource.WEB,
                ReadingSource.INSPECTOR,
                ReadingSource.IMPORT,
            ],
            weights=(45, 35, 5, 15),
        )[0]
        bills: list[tuple[date, int]] = []
        for year, month in self.periods:
            used = round(base * SEASON[month - 1] * self.rng.uniform(0.85, 1.15))
            taken_on = date(year, month, self.rng.randint(20, 25))
            total = Decimal(0)
            for zone, kwh in _split(used, shares).items():
                values[zone] += kwh
                self.data.readings.append(
                    [
                        self.number,
                        serial,
                        zone,
                        taken_on.isoformat(),
                        str(values[zone]),
                        source.value,
                        "accepted",
                    ]
                )
                rate = price(year, month, model.zones, zone, village)
                amount = (kwh * rate).quantize(KOPECK, rounding=ROUND_HALF_UP)
                total += amount
                self.data.charges.append(
                    [
                        self.number,
                        f"{year:04d}-{month:02d}",
                        service_name(model.zones, zone),
                        str(kwh),
                        str(rate),
                        str(amount),
                    ]
                )
            bills.append((_first_of_next_month(year, month), int(total * 100)))
        return bills

    def _add_payments(self, bills: list[tuple[date, int]], habit: Habit) -> None:
        source = self.rng.choices(
            [PaymentSource.BANK, PaymentSource.WEB, PaymentSource.POST, PaymentSource.CASH],
            weights=(50, 20, 15, 15),
        )[0]
        owed = 0
        for issued_on, kopecks in bills:
            owed += kopecks
            paid_on = issued_on + timedelta(days=self.rng.randint(0, 24))
            amount = self._amount(habit, owed, kopecks)
            if amount <= 0 or paid_on > self.today:
                continue
            owed -= amount
            self._add_payment(paid_on, amount, source)
            if self.rng.random() < 0.01:  # paid the same receipt twice by mistake
                owed -= amount
                self._add_payment(paid_on, amount, source)

    def _amount(self, habit: Habit, owed: int, bill: int) -> int:
        if habit is Habit.PAYS_IN_FULL:
            return max(owed, 0)
        if habit is Habit.OVERPAYS:
            return (max(owed, bill) // 50_000 + 1) * 50_000  # rounds up to the next 500 ₽
        if habit is Habit.IN_DEBT:
            if self.rng.random() < 0.45:
                return 0
            return int(bill * self.rng.uniform(0.4, 0.9)) // 100 * 100
        return max(owed, 0) if self.rng.random() < 0.35 else 0

    def _add_payment(self, paid_on: date, kopecks: int, source: PaymentSource) -> None:
        rubles = Decimal(kopecks) / 100
        self.data.payments.append(
            [
                self.number,
                paid_on.isoformat(),
                f"{rubles:.2f}",
                PAYMENT_PURPOSE,
                source.value,
                "confirmed",
            ]
        )


def _split(used: int, shares: dict[str, Decimal]) -> dict[str, int]:
    """Whole kWh per zone by their shares; the last zone takes what rounding left."""
    zones = list(shares)
    split = {zone: int(used * shares[zone]) for zone in zones[:-1]}
    split[zones[-1]] = used - sum(split.values())
    return split


def _first_of_next_month(year: int, month: int) -> date:
    return date(year + month // 12, month % 12 + 1, 1)
