"""The sandbox's state: registered orders, the faults set on them and the callbacks sent."""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from emulator.sandbox.fiscal import Receipt
from emulator.sandbox.protocol import ACTION_NOT_ATTEMPTED, OrderStatus

TIMINGS: frozenset[str] = frozenset({"before_return", "delayed", "never"})
FORGERIES: frozenset[str] = frozenset({"wrong_checksum", "no_checksum"})
STATUS_FAILURES: frozenset[str] = frozenset({"5", "7", "http500"})


@dataclass
class OrderFaults:
    """What goes wrong for one order, set through the control API."""

    status_failures: deque[str] = field(default_factory=deque)  # consumed one per status call
    callback_replay: bool = False  # every callback is sent twice
    callback_forgery: str | None = None  # "wrong_checksum" | "no_checksum"
    callback_timing: str | None = None  # None: the sandbox's setting
    callback_delay: float | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "status_failures": list(self.status_failures),
            "callback_replay": self.callback_replay,
            "callback_forgery": self.callback_forgery,
            "callback_timing": self.callback_timing,
            "callback_delay": self.callback_delay,
        }


@dataclass
class Order:
    order_id: str
    order_number: str
    amount: int
    currency: str
    description: str
    language: str
    return_url: str
    fail_url: str | None
    callback_url: str | None  # dynamicCallbackUrl, when given at register
    json_params: dict[str, str]
    order_bundle: dict[str, Any] | None
    registered_at: datetime
    form_url: str
    status: OrderStatus = OrderStatus.REGISTERED
    action_code: int = ACTION_NOT_ATTEMPTED
    settled_at: datetime | None = None
    ip: str | None = None
    receipt: Receipt | None = None
    faults: OrderFaults = field(default_factory=OrderFaults)

    @property
    def settled(self) -> bool:
        return self.status is not OrderStatus.REGISTERED

    @property
    def status_name(self) -> str:
        return {
            OrderStatus.REGISTERED: "created",
            OrderStatus.DEPOSITED: "deposited",
            OrderStatus.DECLINED: "declined",
        }.get(self.status, self.status.name.lower())

    def customer_email(self) -> str | None:
        customer = (self.order_bundle or {}).get("customerDetails")
        if isinstance(customer, dict) and customer.get("email"):
            return str(customer["email"])
        return self.json_params.get("email")

    def to_json(self) -> dict[str, Any]:
        """The control API's view of an order (CONTROL_API.md, "Payment sandbox")."""
        return {
            "order_id": self.order_id,
            "order_number": self.order_number,
            "amount": self.amount,
            "currency": self.currency,
            "description": self.description,
            "status": self.status_name,
            "order_status": int(self.status),
            "action_code": self.action_code,
            "return_url": self.return_url,
            "fail_url": self.fail_url,
            "callback_url": self.callback_url,
            "form_url": self.form_url,
            "json_params": self.json_params,
            "order_bundle": self.order_bundle,
            "registered_at": self.registered_at.isoformat(),
            "settled_at": self.settled_at.isoformat() if self.settled_at else None,
            "receipt": self.receipt.to_json() if self.receipt else None,
            "faults": self.faults.to_json(),
        }


@dataclass
class Attempt:
    at: datetime
    status: int | None  # the merchant's HTTP status; None when no answer came
    error: str | None = None
    body: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "at": self.at.isoformat(),
            "status": self.status,
            "error": self.error,
            "body": self.body,
        }


@dataclass
class Delivery:
    """One callback and every attempt to deliver it."""

    id: int
    order_id: str
    url: str
    params: dict[str, str]
    forgery: str | None = None
    replay: bool = False  # the second copy of a replayed callback
    attempts: list[Attempt] = field(default_factory=list)
    done: bool = False  # delivered, or the retries ran out
    first_attempt: asyncio.Event = field(default_factory=asyncio.Event)

    @property
    def delivered(self) -> bool:
        return any(attempt.status == 200 for attempt in self.attempts)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "order_id": self.order_id,
            "url": self.url,
            "params": self.params,
            "forgery": self.forgery,
            "replay": self.replay,
            "attempts": [attempt.to_json() for attempt in self.attempts],
            "delivered": self.delivered,
            "done": self.done,
        }


class OrderBook:
    """Orders by id and by merchant order number, and the callbacks sent, with a way to wait."""

    def __init__(self) -> None:
        self.orders: dict[str, Order] = {}
        self.by_number: dict[str, Order] = {}
        self.deliveries: list[Delivery] = []
        self._changed = asyncio.Condition()

    def add(self, order: Order) -> None:
        self.orders[order.order_id] = order
        self.by_number[order.order_number] = order

    def new_delivery(self, **fields: Any) -> Delivery:
        delivery = Delivery(id=len(self.deliveries) + 1, **fields)
        self.deliveries.append(delivery)
        return delivery

    def callbacks_of(self, order_id: str | None) -> list[Delivery]:
        return [d for d in self.deliveries if order_id is None or d.order_id == order_id]

    async def changed(self) -> None:
        """Wakes whoever waits in `wait_until`."""
        async with self._changed:
            self._changed.notify_all()

    async def wait_until(self, predicate: Callable[[], bool], seconds: float) -> bool:
        try:
            async with asyncio.timeout(seconds), self._changed:
                await self._changed.wait_for(predicate)
        except TimeoutError:
            return predicate()
        return True

    def reset(self) -> None:
        self.orders.clear()
        self.by_number.clear()
        self.deliveries.clear()
