"""The fiscal receipt comes from getReceiptStatus.do: empty until the bank's fiscal service has
registered it, stored at settlement when ready, and asked again when the customer opens it."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from core.enums import PaymentStatus
from core.payments.errors import PaymentNotFound
from core.payments.gateway import OrderOutcome, OrderRequest
from core.payments.sberbank import SberbankGateway
from tests.bot.kit import BotWorld
from tests.bot.signed_in import signed_in_customer
from tests.core.payments.test_sandbox import order_id, started

FISCAL_KEYS = {
    "fiscal_document_number",
    "fiscal_sign",
    "fiscal_drive_number",
    "receipt_at",
    "ofd_url",
    "masked_pan",
}


@pytest.fixture
async def gateway(world: BotWorld) -> AsyncIterator[SberbankGateway]:
    client = SberbankGateway(world.emu.sandbox.api_url, "demo-api", "demo")
    yield client
    await client.aclose()


async def test_the_receipt_is_asked_of_get_receipt_status(
    world: BotWorld, gateway: SberbankGateway
) -> None:
    order = OrderRequest("LKFISCAL1", 125_050, "Тест", "http://x/r", "http://x/f", "http://x/c")
    registered = await gateway.register(order)
    assert await gateway.receipt(registered.order_id) == {}  # not paid: no receipt yet

    await world.emu.sandbox.pay(registered.order_id)
    state = await gateway.status(registered.order_id)
    # The status answer is not where fiscal data is read from (the real bank has none there).
    assert state.outcome is OrderOutcome.PAID and state.fiscal == {"masked_pan": "411111**1111"}
    receipt = await gateway.receipt(registered.order_id)
    bank = (await world.emu.sandbox.order(registered.order_id))["receipt"]
    assert receipt == {
        "fiscal_document_number": str(bank["fiscal_document_number"]),
        "fiscal_sign": bank["fiscal_document_attribute"],
        "fiscal_drive_number": bank["fn_number"],
        "receipt_at": bank["receipt_datetime"],
        "ofd_url": bank["ofd_receipt_url"],
    }


async def test_settlement_stores_the_receipt_the_receipt_view_reads(world: BotWorld) -> None:
    payment = await started(world)
    await world.emu.sandbox.pay(order_id(payment))
    customer_view = await world.cabinet.payments.intents.get(
        payment.payment_id, payment.user_id or 0
    )
    assert set(customer_view.fiscal) == FISCAL_KEYS
    assert customer_view.fiscal["receipt_at"].startswith("2026-")


async def test_a_receipt_not_ready_at_the_callback_is_fetched_when_opened(world: BotWorld) -> None:
    payment = await started(world)
    user_id = payment.user_id
    assert user_id is not None
    await world.emu.sandbox.pay(order_id(payment))
    # As the callback found it when the fiscal service lagged: the card, no receipt yet.
    async with world.cabinet.uow_factory() as uow:
        await uow.payments.set_fiscal(
            payment.payment_id, {"masked_pan": "411111**1111"}, world.clock.now()
        )
        await uow.commit()

    refreshed = await world.cabinet.payments.settlement.refresh_fiscal(user_id, payment.payment_id)
    assert set(refreshed.fiscal) == FISCAL_KEYS
    again = await world.cabinet.payments.settlement.refresh_fiscal(user_id, payment.payment_id)
    assert again.fiscal == refreshed.fiscal

    stranger = await signed_in_customer(world, phone="+79280000001", first_name="Пётр")
    with pytest.raises(PaymentNotFound):
        await world.cabinet.payments.settlement.refresh_fiscal(stranger.user.id, payment.payment_id)
    with pytest.raises(PaymentNotFound):
        await world.cabinet.payments.settlement.refresh_fiscal(user_id, payment.payment_id + 100)


async def test_an_unpaid_payment_is_not_asked_about(world: BotWorld) -> None:
    payment = await started(world)
    assert payment.user_id is not None
    view = await world.cabinet.payments.settlement.refresh_fiscal(
        payment.user_id, payment.payment_id
    )
    assert view.fiscal == {} and view.status in (PaymentStatus.CREATED, PaymentStatus.PENDING)
