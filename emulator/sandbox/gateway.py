"""The sandbox gateway: registers orders, settles them as the customer decides, tells the merchant.

Paying or declining (from the bank page or the control API) sets the order's status, issues the
fiscal receipt of a paid order, then sends the callback as the timing says: before the customer
is sent back (the default: the first attempt finishes before the redirect), after a delay, or
never (a test then sends it when it likes through the control API).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from aiohttp import web
from yarl import URL

from emulator.actions import ActionError
from emulator.clock import Clock
from emulator.config import EmulatorConfig
from emulator.events import EventBus
from emulator.sandbox.callbacks import CallbackSender, callback_params
from emulator.sandbox.fiscal import issue_receipt
from emulator.sandbox.orders import TIMINGS, Delivery, Order, OrderBook
from emulator.sandbox.protocol import ACTION_CODES, ACTION_DECLINED, ACTION_PAID, OrderStatus

FORM_PATH = "/sandbox/sberbank/pay/"


class SandboxError(ActionError):
    """A control action the sandbox refuses (the message says why)."""


@dataclass
class SandboxSettings:
    callback_url: str | None
    callback_timing: str = "before_return"
    callback_delay: float = 0.5  # seconds, for the "delayed" timing
    callback_retries: int = 3
    callback_backoff: float = 0.2

    def to_json(self) -> dict[str, Any]:
        return {
            "callback_url": self.callback_url,
            "callback_timing": self.callback_timing,
            "callback_delay": self.callback_delay,
            "callback_retries": self.callback_retries,
            "callback_backoff": self.callback_backoff,
        }

    def update(self, data: dict[str, Any]) -> None:
        if "callback_url" in data:
            self.callback_url = str(data["callback_url"]) if data["callback_url"] else None
        if "callback_timing" in data:
            self.callback_timing = check_timing(data["callback_timing"])
        if "callback_delay" in data:
            self.callback_delay = max(0.0, float(data["callback_delay"]))
        if "callback_retries" in data:
            self.callback_retries = max(0, int(data["callback_retries"]))
        if "callback_backoff" in data:
            self.callback_backoff = max(0.0, float(data["callback_backoff"]))


def check_timing(value: Any) -> str:
    if value not in TIMINGS:
        raise SandboxError(f"callback_timing must be one of {sorted(TIMINGS)}")
    return str(value)


@dataclass
class Settlement:
    order: Order
    redirect_url: str
    deliveries: list[Delivery] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "order": self.order.to_json(),
            "redirect_url": self.redirect_url,
            "callbacks": [delivery.to_json() for delivery in self.deliveries],
        }


class Sandbox:
    def __init__(self, config: EmulatorConfig, clock: Clock, events: EventBus) -> None:
        self.config = config
        self.clock = clock
        self.events = events
        self.book = OrderBook()
        self.settings = SandboxSettings(
            callback_url=config.sandbox_callback_url,
            callback_retries=config.sandbox_callback_retries,
            callback_backoff=config.sandbox_callback_backoff,
        )
        self.sender = CallbackSender(
            self.book,
            clock,
            retries=lambda: self.settings.callback_retries,
            backoff=lambda: self.settings.callback_backoff,
            on_change=self._publish_delivery,
        )
        self._receipts = 0

    def credentials_ok(self, user_name: str, password: str) -> bool:
        return (user_name, password) == (self.config.sandbox_username, self.config.sandbox_password)

    def order(self, order_id: str) -> Order:
        order = self.book.orders.get(order_id)
        if order is None:
            raise SandboxError("order not found", 404)
        return order

    def add(self, order: Order) -> None:
        self.book.add(order)
        self.publish_order(order)

    # --- the customer decides --------------------------------------------------------------
    async def settle(
        self,
        order: Order,
        paid: bool,
        origin: str,
        action_code: int | None = None,
        ip: str | None = None,
    ) -> Settlement:
        if order.settled:
            raise SandboxError(f"the order is already {order.status_name}", 409)
        code = ACTION_PAID if paid else ACTION_DECLINED if action_code is None else action_code
        if not paid and (code not in ACTION_CODES or code == ACTION_PAID):
            raise SandboxError(f"action_code must be one of {sorted(ACTION_CODES)} but 0")
        now = self.clock.now()
        order.settled_at = now
        order.ip = ip
        if paid:
            order.status = OrderStatus.DEPOSITED
            order.action_code = ACTION_PAID
            self._receipts += 1
            order.receipt = issue_receipt(
                order.order_id, self._receipts, order.amount, now, order.customer_email(), origin
            )
        else:
            order.status = OrderStatus.DECLINED
            order.action_code = code
        self.publish_order(order)
        await self.book.changed()
        settlement = Settlement(order, redirect_url(order))
        timing = order.faults.callback_timing or self.settings.callback_timing
        if timing == "never":
            return settlement
        delay = self.settings.callback_delay
        if order.faults.callback_delay is not None:
            delay = order.faults.callback_delay
        settlement.deliveries = self.send_callbacks(
            order, delay=delay if timing == "delayed" else 0.0
        )
        if timing == "before_return" and settlement.deliveries:
            # The original's first attempt; a replay and retries go on while the customer returns.
            await settlement.deliveries[0].first_attempt.wait()
        return settlement

    # --- the merchant is told --------------------------------------------------------------
    def callback_url_of(self, order: Order) -> str | None:
        return order.callback_url or self.settings.callback_url

    def send_callbacks(
        self, order: Order, delay: float = 0.0, forgery: str | None = None
    ) -> list[Delivery]:
        """Starts the callback of a settled order (twice when replayed); none without a URL."""
        url = self.callback_url_of(order)
        if url is None or not order.settled:
            return []
        forgery = forgery or order.faults.callback_forgery
        params = callback_params(order, self.config.sandbox_callback_key, forgery)
        copies = 2 if order.faults.callback_replay else 1
        deliveries = []
        for copy in range(copies):
            delivery = self.book.new_delivery(
                order_id=order.order_id,
                url=url,
                params=dict(params),
                forgery=forgery,
                replay=copy > 0,
            )
            deliveries.append(delivery)
            self._publish_delivery(delivery)
        self.sender.start(deliveries, delay=delay)
        return deliveries

    # --- events for the web chat -----------------------------------------------------------
    def publish_order(self, order: Order) -> None:
        self.events.publish({"type": "sandbox_order", "order": order.to_json()})

    def _publish_delivery(self, delivery: Delivery) -> None:
        self.events.publish({"type": "sandbox_callback", "callback": delivery.to_json()})

    def reset(self) -> None:
        self.book.reset()
        self._receipts = 0

    async def close(self) -> None:
        await self.sender.close()


def redirect_url(order: Order) -> str:
    """Where the browser goes after the bank page: returnUrl when paid, else failUrl or it."""
    paid = order.status is OrderStatus.DEPOSITED
    target = order.return_url if paid or not order.fail_url else order.fail_url
    return str(URL(target).update_query(orderId=order.order_id))


def form_url(origin: str, order_id: str) -> str:
    return f"{origin}{FORM_PATH}{order_id}"


SANDBOX_KEY = web.AppKey("payment_sandbox", Sandbox)
