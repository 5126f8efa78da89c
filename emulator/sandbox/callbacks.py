"""The bank's callback to the merchant: an HTTP GET with the order's news, signed, retried.

A delivery is retried on anything but 200 (a connection error included) after a short backoff
that doubles; every attempt is recorded with the merchant's answer, for tests to read.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import aiohttp

from emulator.clock import Clock
from emulator.sandbox.orders import Attempt, Delivery, Order, OrderBook
from emulator.sandbox.protocol import CallbackOperation, OrderStatus, checksum

ATTEMPT_TIMEOUT = 5.0
FORGED_KEY = "not-the-merchant-key"
BODY_KEPT = 500  # characters of the merchant's answer kept per attempt


def callback_params(order: Order, key: str, forgery: str | None) -> dict[str, str]:
    """`mdOrder`, `orderNumber`, `operation`, `status` and (unless forged away) `checksum`."""
    paid = order.status is OrderStatus.DEPOSITED
    operation = CallbackOperation.DEPOSITED if paid else CallbackOperation.DECLINED_BY_TIMEOUT
    params = {
        "mdOrder": order.order_id,
        "orderNumber": order.order_number,
        "operation": operation.value,
        "status": "1" if paid else "0",
    }
    if forgery == "no_checksum":
        return params
    params["checksum"] = checksum(params, FORGED_KEY if forgery == "wrong_checksum" else key)
    return params


class CallbackSender:
    def __init__(
        self,
        book: OrderBook,
        clock: Clock,
        retries: Callable[[], int],
        backoff: Callable[[], float],
        on_change: Callable[[Delivery], None],
    ) -> None:
        self._book = book
        self._clock = clock
        self._retries = retries
        self._backoff = backoff
        self._on_change = on_change
        self._session: aiohttp.ClientSession | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self._closed = False

    def start(self, deliveries: list[Delivery], delay: float = 0.0) -> None:
        """Delivers in the background, one after another (a replay follows its original);
        each delivery's `first_attempt` is set after its first try. Nothing starts once closed:
        a request still in flight while the emulator shuts down would otherwise open a session
        that nobody closes."""
        if self._closed:
            return
        task = asyncio.create_task(self._run_all(deliveries, delay))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _run_all(self, deliveries: list[Delivery], delay: float) -> None:
        if delay > 0:
            await asyncio.sleep(delay)
        for delivery in deliveries:
            await self._run(delivery)

    async def _run(self, delivery: Delivery) -> None:
        pause = self._backoff()
        for number in range(self._retries() + 1):
            if number:
                await asyncio.sleep(pause)
                pause *= 2
            attempt = await self._attempt(delivery)
            delivery.attempts.append(attempt)
            delivery.first_attempt.set()
            if attempt.status == 200:
                break
            self._on_change(delivery)
            await self._book.changed()
        delivery.done = True
        self._on_change(delivery)
        await self._book.changed()

    async def _attempt(self, delivery: Delivery) -> Attempt:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                timeout=aiohttp.ClientTimeout(total=ATTEMPT_TIMEOUT)
            )
        at = self._clock.now()
        try:
            async with self._session.get(delivery.url, params=delivery.params) as response:
                body = (await response.text(errors="replace"))[:BODY_KEPT]
                return Attempt(at, response.status, body=body)
        except (aiohttp.ClientError, TimeoutError, ValueError) as error:
            return Attempt(at, None, error=repr(error))

    async def close(self) -> None:
        self._closed = True
        try:
            for task in list(self._tasks):
                task.cancel()
            await asyncio.gather(*self._tasks, return_exceptions=True)
        finally:
            if self._session is not None:
                await self._session.close()
