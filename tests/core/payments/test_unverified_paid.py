"""A "paid" answer from the bank settles an intent only when its amount and order number are
there and match: one without them is refused like a mismatch, so the bank's callback gets 503 and
is sent again. The sandbox always answers in full, so a gateway of our own says the rest."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

import pytest

from core.accounts.service import AccountsService
from core.clock import FrozenClock
from core.enums import PaymentStatus
from core.payments.errors import GatewayUnavailable, PaymentMismatch
from core.payments.gateway import OrderOutcome, OrderRequest, OrderState, RegisteredOrder
from core.payments.sberbank import order_state
from core.payments.service import Payments, build_payments
from core.payments.views import PaymentRequest
from storage.uow import UnitOfWorkFactory
from tests.core.accounts.seed import NOW, Seed, settings

ORDER_ID = "fake-order-1"
AMOUNT = 94_908


class ScriptedGateway:
    """Registers every order as ORDER_ID and answers its status with what the test set."""

    name = "scripted"
    pays_on_page = True

    def __init__(self) -> None:
        self.registered: OrderRequest | None = None
        self.answer: dict[str, Any] = {}
        self.closed = False

    async def register(self, order: OrderRequest) -> RegisteredOrder:
        self.registered = order
        return RegisteredOrder(order_id=ORDER_ID, pay_url=f"http://bank/pay/{ORDER_ID}")

    def callback_order_id(self, params: Mapping[str, str]) -> str:
        return params["mdOrder"]

    async def status(self, order_id: str) -> OrderState:
        return order_state(self.answer)

    async def receipt(self, order_id: str) -> dict[str, Any]:
        return {}

    async def aclose(self) -> None:
        self.closed = True


async def pending_payment(
    uow_factory: UnitOfWorkFactory,
) -> tuple[Payments, ScriptedGateway]:
    seed = Seed(uow_factory)
    user_id = await seed.user()
    account = await seed.account()
    await seed.charge(account.id, "2026-06", AMOUNT)
    clock = FrozenClock(NOW)
    gateway = ScriptedGateway()
    service = build_payments(
        uow_factory, clock, settings(), AccountsService(uow_factory, clock, settings()), gateway
    )
    request = PaymentRequest(account.id, "Электроэнергия", AMOUNT, None, "k1", other_account=True)
    started = await service.intents.start(user_id, request)
    assert started.status is PaymentStatus.PENDING and gateway.registered is not None
    return service, gateway


def paid(gateway: ScriptedGateway, **changes: object) -> dict[str, Any]:
    assert gateway.registered is not None
    answer: dict[str, Any] = {
        "orderStatus": 2,
        "amount": AMOUNT,
        "orderNumber": gateway.registered.order_number,
    }
    answer.update(changes)
    return {name: value for name, value in answer.items() if value is not None}


@pytest.mark.parametrize(
    "changes",
    [
        {"amount": None},
        {"amount": "949.08"},
        {"amount": True},
        {"amount": AMOUNT - 1},
        {"orderNumber": None},
        {"orderNumber": ["LK1"]},
        {"orderNumber": "LKSOMEONEELSE"},
    ],
    ids=repr,
)
async def test_a_paid_answer_without_matching_details_is_not_believed(
    uow_factory: UnitOfWorkFactory,
    caplog: pytest.LogCaptureFixture,
    changes: dict[str, object],
) -> None:
    service, gateway = await pending_payment(uow_factory)
    gateway.answer = paid(gateway, **changes)
    with caplog.at_level(logging.ERROR, "cabinet.payments"), pytest.raises(PaymentMismatch):
        await service.settlement.confirm_order(ORDER_ID)
    assert [record.levelno for record in caplog.records] == [logging.ERROR]
    # Still open: the bank's next callback (or the customer's return) asks again.
    gateway.answer = paid(gateway)
    confirmed = await service.settlement.confirm_order(ORDER_ID)
    assert confirmed.status is PaymentStatus.CONFIRMED and confirmed.amount_kopecks == AMOUNT


def test_the_status_answer_maps_unreadable_details_to_none() -> None:
    state = order_state({"orderStatus": "2", "amount": "12a", "orderNumber": {"x": 1}})
    assert state.outcome is OrderOutcome.PAID
    assert state.amount_kopecks is None and state.order_number is None
    state = order_state({"orderStatus": "2", "amount": "²"})  # a digit `int()` refuses
    assert state.amount_kopecks is None
    with pytest.raises(GatewayUnavailable):
        order_state({"orderStatus": "٢"})
    state = order_state({"orderStatus": 2, "amount": "94908", "orderNumber": "LK1"})
    assert state.amount_kopecks == 94_908 and state.order_number == "LK1"


async def test_closing_the_service_closes_its_gateway(uow_factory: UnitOfWorkFactory) -> None:
    service, gateway = await pending_payment(uow_factory)
    await service.aclose()
    assert gateway.closed
