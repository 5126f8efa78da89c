"""A period's bill figures from charges, payments and readings, in integer kopecks.

debt at the start = everything charged before the period − everything paid before it starts;
total to pay = debt at the start + charged in the period − paid in the period. A payment counts
in the month (the company's calendar) it was paid in; only confirmed payments count.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import datetime
from decimal import Decimal


@dataclass(frozen=True, slots=True)
class ChargeLine:
    """One service charged in one period."""

    period: str
    service: str
    consumption_kwh: Decimal | None
    tariff_rub: Decimal | None
    amount_kopecks: int


@dataclass(frozen=True, slots=True)
class PaidLine:
    paid_at: datetime
    amount_kopecks: int


@dataclass(frozen=True, slots=True)
class MeterLine:
    """A zone of a meter: the last accepted value of the previous period and of this one."""

    serial: str
    zone_name: str
    previous: Decimal | None
    current: Decimal | None

    @property
    def consumption(self) -> Decimal | None:
        if self.previous is None or self.current is None:
            return None
        return self.current - self.previous


@dataclass(frozen=True, slots=True)
class Money:
    charged_kopecks: int
    debt_before_kopecks: int
    paid_kopecks: int
    total_kopecks: int


@dataclass(frozen=True, slots=True)
class BillFigures:
    account_id: int
    account_number: str
    els: str | None
    payer: str
    address: str
    tariff: str
    period: str
    services: tuple[ChargeLine, ...]
    meters: tuple[MeterLine, ...]
    money: Money

    def fingerprint(self) -> str:
        """Changes whenever anything printed on the bill changes (the cache key of its PDF)."""
        text = json.dumps(asdict(self), default=str, sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(text.encode()).hexdigest()[:16]


def money_of(
    period: str,
    charges: Sequence[ChargeLine],
    payments: Sequence[PaidLine],
    period_starts_at: datetime,
    period_ends_at: datetime,
) -> Money:
    """`charges`: the account's charges up to and including `period`; `payments`: its confirmed
    payments paid before `period_ends_at`; the period is [starts_at, ends_at) in UTC."""
    charged = sum(c.amount_kopecks for c in charges if c.period == period)
    charged_before = sum(c.amount_kopecks for c in charges if c.period < period)
    paid_before = sum(p.amount_kopecks for p in payments if p.paid_at < period_starts_at)
    paid = sum(p.amount_kopecks for p in payments if period_starts_at <= p.paid_at < period_ends_at)
    debt_before = charged_before - paid_before
    return Money(
        charged_kopecks=charged,
        debt_before_kopecks=debt_before,
        paid_kopecks=paid,
        total_kopecks=debt_before + charged - paid,
    )
