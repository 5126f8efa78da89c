"""What the accounts service hands to front ends."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from core.enums import LinkMethod, LinkStatus


@dataclass(frozen=True, slots=True)
class AccountLookupView:
    """An account found by its number; `masked` when the viewer does not own it."""

    account_id: int
    number: str
    branch: str
    address: str
    holder_name: str
    tariff: str
    masked: bool


@dataclass(frozen=True, slots=True)
class LinkView:
    link_id: int
    user_id: int
    account_id: int
    account_number: str
    address: str
    status: LinkStatus
    method: LinkMethod
    created_at: datetime
    reject_reason: str | None = None


@dataclass(frozen=True, slots=True)
class LinkedAccountView:
    """One line of «Управление лицевыми счетами»: an active account or a request under review."""

    link_id: int
    account_id: int
    number: str
    address: str
    status: LinkStatus


@dataclass(frozen=True, slots=True)
class ServiceDebt:
    """Charged minus paid for one service; negative is an overpayment."""

    service: str
    debt_kopecks: int


@dataclass(frozen=True, slots=True)
class ZoneReading:
    zone: str
    name: str
    value: Decimal
    taken_on: date


@dataclass(frozen=True, slots=True)
class MeterDashboard:
    meter_id: int
    serial: str
    model: str
    tariff: str
    digits: int
    decimals: int
    installed_on: date | None
    next_verification_on: date | None
    verification_soon: bool
    previous_period: str
    previous_readings: list[ZoneReading]
    current_period: str
    current_readings: list[ZoneReading]


@dataclass(frozen=True, slots=True)
class AccountDashboard:
    account_id: int
    number: str
    branch: str
    address: str
    holder_name: str
    tariff: str
    debts: list[ServiceDebt]
    paid_this_month_kopecks: int
    meters: list[MeterDashboard]

    @property
    def total_debt_kopecks(self) -> int:
        return sum(debt.debt_kopecks for debt in self.debts)
