"""A deterministic region of customers: accounts, meters, two years of readings, charges and
the payments that answer them, as rows of the billing exchange's files.

`generate_region` makes one customer at a time, when asked for it: a million customers (some
ninety million rows) never sit in memory together.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from core.demo.calendar import Calendar
from core.demo.catalog import METER_MODELS, TOWN_TARIFF, VILLAGE_TARIFF, MeterModel
from core.demo.people import holder_name
from core.demo.region import BRANCHES, Branch, Locality
from core.enums import PaymentSource, ReadingSource

MONTHS_OF_HISTORY = 24
# ЕЛС letters are the Cyrillic ones that look like Latin, so either typed form matches.
ELS_LETTERS = "АВЕКМНОРСТУХ"
VERIFICATION_INTERVAL_YEARS = 16
PAYMENT_PURPOSE = "Электроэнергия"
READING_SOURCES = (
    ReadingSource.RECEIPT,
    ReadingSource.WEB,
    ReadingSource.INSPECTOR,
    ReadingSource.IMPORT,
)
PAYMENT_SOURCES = (PaymentSource.BANK, PaymentSource.WEB, PaymentSource.POST, PaymentSource.CASH)

Row = list[str]


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


@dataclass(frozen=True, slots=True)
class DemoCustomer:
    """One customer's rows of each billing file, in the exchange's column order."""

    person: DemoAccount
    accounts: list[Row]
    meters: list[Row]
    readings: list[Row]
    charges: list[Row]
    payments: list[Row]

    def rows_of(self, kind: str) -> list[Row]:
        rows: list[Row] = getattr(self, kind)
        return rows


def generate_region(
    accounts: int, seed: int, today: date, months: int = MONTHS_OF_HISTORY
) -> Iterator[DemoCustomer]:
    """`accounts` customers with `months` of history up to the month before `today`, made as
    they are taken; same input, same data."""
    rng = random.Random(seed)
    calendar = Calendar(today, months)
    next_number = dict.fromkeys((branch.code for branch in BRANCHES), 0)
    for _ in range(accounts):
        branch = rng.choice(BRANCHES)
        next_number[branch.code] += 1
        number = f"26{branch.code}{next_number[branch.code]:08d}"
        yield _Customer(rng, number, branch, calendar, today).generate()


class _Customer:
    """One account's whole story, drawn from the shared random stream in a fixed order."""

    def __init__(
        self, rng: random.Random, number: str, branch: Branch, calendar: Calendar, today: date
    ) -> None:
        self.rng = rng
        self.number = number
        self.branch = branch
        self.calendar = calendar
        self.today = today
        self.readings: list[Row] = []
        self.charges: list[Row] = []
        self.payments: list[Row] = []

    def generate(self) -> DemoCustomer:
        locality = self.rng.choice(self.branch.localities)
        model = self.rng.choices(METER_MODELS, weights=(20, 15, 15, 15, 13, 10, 7, 5))[0]
        habit = self.rng.choices(list(Habit), weights=(72, 12, 10, 6))[0]
        els = self._els()
        holder = holder_name(self.rng)
        account, address = self._account(els, holder, locality)
        serial = "".join(self.rng.choice("0123456789") for _ in range(model.serial_length))
        meter = self._meter(serial, model)
        bills = self._add_readings_and_charges(serial, model, village=not locality.is_town)
        self._add_payments(bills, habit)
        return DemoCustomer(
            person=DemoAccount(self.number, els, holder, address, model.name, model.zones, habit),
            accounts=[account],
            meters=[meter],
            readings=self.readings,
            charges=self.charges,
            payments=self.payments,
        )

    def _els(self) -> str:
        letters = "".join(self.rng.choice(ELS_LETTERS) for _ in range(2))
        return f"{self.rng.randint(10, 99)}{letters}{self.rng.randint(0, 999_999):06d}"

    def _account(self, els: str, holder: str, locality: Locality) -> tuple[Row, str]:
        """The accounts row and the address as a customer reads it."""
        street = self.rng.choice(locality.streets)
        house = str(self.rng.randint(1, 150))
        letter = self.rng.choice("аб") if self.rng.random() < 0.08 else ""
        in_flat = locality.is_town and self.rng.random() < 0.75
        building = str(self.rng.randint(1, 3)) if in_flat and self.rng.random() < 0.1 else ""
        apartment = str(self.rng.randint(1, 120)) if in_flat else ""
        tariff = TOWN_TARIFF if locality.is_town else VILLAGE_TARIFF
        row = [
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
        parts = [locality.name, street, f"д. {house}{letter}"]
        parts += [f"корп. {building}"] if building else []
        parts += [f"кв. {apartment}"] if apartment else []
        return row, ", ".join(parts)

    def _meter(self, serial: str, model: MeterModel) -> Row:
        installed_on = date(self.rng.randint(2012, 2022), self.rng.randint(1, 12), 1)
        installed_on += timedelta(days=self.rng.randint(0, 27))
        next_verification_on = installed_on.replace(
            year=installed_on.year + VERIFICATION_INTERVAL_YEARS
        )
        return [
            self.number,
            serial,
            model.name,
            str(model.digits),
            model.zones,
            installed_on.isoformat(),
            next_verification_on.isoformat(),
        ]

    def _add_readings_and_charges(
        self, serial: str, model: MeterModel, village: bool
    ) -> list[tuple[date, int]]:
        """Monthly readings and the charges they make; returns each bill's date and total."""
        rng, number = self.rng, self.number
        prices = self.calendar.prices(model.zones, village)
        headroom = 10**model.digits - 40_000
        values = {zone.zone: rng.randint(1_000, headroom) for zone in prices[0]}
        base = rng.randint(150, 500) if village else rng.randint(90, 380)
        source = rng.choices(READING_SOURCES, weights=(45, 35, 5, 15))[0].value
        bills: list[tuple[date, int]] = []
        for month, zones in zip(self.calendar.months, prices, strict=True):
            used = round(base * month.season * rng.uniform(0.85, 1.15))
            taken_on = month.reading_day(rng.randint(20, 25))
            left = used
            total = 0
            for position, zone in enumerate(zones, start=1):
                kwh = left if position == len(zones) else zone.kwh_of(used)
                left -= kwh
                values[zone.zone] += kwh
                self.readings.append(
                    [
                        number,
                        serial,
                        zone.zone,
                        taken_on,
                        str(values[zone.zone]),
                        source,
                        "accepted",
                    ]
                )
                kopecks = kwh * zone.kopecks_per_kwh
                total += kopecks
                self.charges.append(
                    [number, month.period, zone.service, str(kwh), zone.rub_per_kwh, _rub(kopecks)]
                )
            bills.append((month.bill_day, total))
        return bills

    def _add_payments(self, bills: list[tuple[date, int]], habit: Habit) -> None:
        source = self.rng.choices(PAYMENT_SOURCES, weights=(50, 20, 15, 15))[0].value
        owed = 0
        for issued_on, kopecks in bills:
            owed += kopecks
            paid_on = issued_on + timedelta(days=self.rng.randint(0, 24))
            amount = self._amount(habit, owed, kopecks)
            if amount <= 0 or paid_on > self.today:
                continue
            owed -= amount
            row = [self.number, paid_on.isoformat(), _rub(amount), PAYMENT_PURPOSE, source]
            self.payments.append([*row, "confirmed"])
            if self.rng.random() < 0.01:  # paid the same receipt twice by mistake
                owed -= amount
                self.payments.append([*row, "confirmed"])

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


def _rub(kopecks: int) -> str:
    """Roubles with two decimals, as the billing files write them (not negative here)."""
    return f"{kopecks // 100}.{kopecks % 100:02d}"
