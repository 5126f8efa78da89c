"""What the payments service hands to front ends."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from core.accounts.views import ServiceDebt
from core.enums import PaymentStatus


@dataclass(frozen=True, slots=True)
class PayableAccount:
    """An account with what may be paid on it; `masked` when the payer does not own it."""

    account_id: int
    number: str
    address: str
    masked: bool
    services: list[ServiceDebt]

    def service(self, index: int) -> ServiceDebt | None:
        return self.services[index] if 0 <= index < len(self.services) else None


@dataclass(frozen=True, slots=True)
class PaymentRequest:
    """What the customer confirmed: `key` names the confirmation, so a second press of the
    same button finds the intent the first one made."""

    account_id: int
    service: str
    amount_kopecks: int
    email: str | None
    key: str
    other_account: bool = False


@dataclass(frozen=True, slots=True)
class PaymentView:
    payment_id: int
    user_id: int | None
    account_id: int
    account_number: str
    service: str
    amount_kopecks: int
    status: PaymentStatus
    provider: str
    order_number: str
    pay_url: str | None
    receipt_email: str | None
    fiscal: dict[str, Any] = field(default_factory=dict)
