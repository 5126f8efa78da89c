"""What the cabinet needs of a payment gateway: register an order (the link the customer pays
by), and, for a gateway with a payment page, read its signed callback, ask an order's status and
the fiscal receipt of a paid one. Each gateway is one module (`sberbank.py`, `telegram.py`);
nothing outside them asks which gateway it is."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Protocol


@dataclass(frozen=True, slots=True)
class OrderRequest:
    order_number: str  # ours, unique
    amount_kopecks: int
    description: str
    return_url: str
    fail_url: str
    callback_url: str
    email: str | None = None
    item_name: str = ""
    account_number: str = ""
    service: str = ""


@dataclass(frozen=True, slots=True)
class RegisteredOrder:
    order_id: str  # the gateway's
    pay_url: str


class OrderOutcome(StrEnum):
    PAID = "paid"
    DECLINED = "declined"
    PENDING = "pending"


@dataclass(frozen=True, slots=True)
class OrderState:
    outcome: OrderOutcome
    order_number: str | None
    amount_kopecks: int | None
    # Only masked_pan here: the receipt's fiscal data comes from `PaymentGateway.receipt`.
    fiscal: dict[str, Any] = field(default_factory=dict)
    reason: str | None = None


class PaymentGateway(Protocol):
    name: str  # kept on each payment as its `provider`
    # True: the customer pays on the gateway's page and comes back to the return page; the
    # gateway's callback and `status()` settle the order. False: the gateway reports a payment
    # itself (Telegram's updates) and has no page, callback or status to ask.
    pays_on_page: bool

    async def register(self, order: OrderRequest) -> RegisteredOrder: ...

    def callback_order_id(self, params: Mapping[str, str]) -> str:
        """The order a callback names, once its signature is checked; `ForgedCallback` for a
        callback that is not the gateway's."""
        ...

    async def status(self, order_id: str) -> OrderState: ...

    async def receipt(self, order_id: str) -> dict[str, Any]:
        """The fiscal receipt of a paid order (keys: fiscal_document_number, fiscal_sign,
        fiscal_drive_number, receipt_at in ISO 8601, ofd_url); empty while the fiscal service
        has not registered it yet."""
        ...

    async def aclose(self) -> None:
        """Releases the client's connections (at shutdown)."""
        ...
