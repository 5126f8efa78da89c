"""The Sberbank client and the callback handling against the emulator's sandbox, over HTTP:
register, pay, decline, forged and replayed callbacks, the customer back before the callback,
and the bank's status check failing."""

from __future__ import annotations

import aiohttp
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from core.enums import PaymentStatus
from core.payments.errors import GatewayUnavailable
from core.payments.gateway import OrderOutcome, OrderRequest
from core.payments.sberbank import SberbankGateway
from core.payments.views import PaymentRequest, PaymentView
from storage.models import outbox_table, payments_table
from tests.bot.kit import BotWorld, bot_world
from tests.bot.signed_in import linked_account, signed_in_customer
from tests.core.accounts.seed import Seed


async def started(world: BotWorld, amount: int = 94_908, key: str = "k1") -> PaymentView:
    seed = Seed(world.cabinet.uow_factory)
    customer = await signed_in_customer(world)
    account_id = await linked_account(world, seed, customer.user.id, "110000555")
    request = PaymentRequest(account_id, "Электроэнергия", amount, None, key)
    return await world.cabinet.payments.intents.start(customer.user.id, request)


def order_id(payment: PaymentView) -> str:
    assert payment.pay_url is not None
    return payment.pay_url.rsplit("/", 1)[1]


async def stored(world: BotWorld) -> list[tuple[str, int, int]]:
    """(status, amount, notifications) of every payment."""
    async with world.cabinet.uow_factory() as uow:
        rows = (
            await uow.session.execute(
                select(payments_table.c.status, payments_table.c.amount_kopecks)
            )
        ).all()
        sent = len((await uow.session.scalars(select(outbox_table.c.id))).all())
        return [(status, amount, sent) for status, amount in rows]


async def test_register_and_status_speak_the_banks_protocol(world: BotWorld) -> None:
    gateway = SberbankGateway(world.emu.sandbox.api_url, "demo-api", "demo")
    stranger = SberbankGateway(world.emu.sandbox.api_url, "demo-api", "wrong")
    try:
        order = OrderRequest(
            "LKTEST1", 100_000_007, "Тест", "http://x/r", "http://x/f", "http://x/c"
        )
        registered = await gateway.register(order)
        assert registered.pay_url.endswith(registered.order_id)
        state = await gateway.status(registered.order_id)
        assert state.outcome is OrderOutcome.PENDING and state.amount_kopecks == 100_000_007
        with pytest.raises(GatewayUnavailable):  # the same order number twice
            await gateway.register(order)
        with pytest.raises(GatewayUnavailable):
            await stranger.register(order)
    finally:
        await gateway.aclose()
        await stranger.aclose()


async def test_a_payment_is_confirmed_once_with_its_fiscal_data(world: BotWorld) -> None:
    payment = await started(world)
    await world.emu.sandbox.replay_callback(order_id(payment))
    result = await world.emu.sandbox.pay(order_id(payment))
    callbacks = await world.emu.sandbox.wait_callbacks(order_id(payment), count=2)
    assert [c["attempts"][0]["status"] for c in callbacks] == [200, 200]
    assert result["order"]["amount"] == 94_908
    assert await stored(world) == [("confirmed", 94_908, 1)]
    view = await world.cabinet.payments.settlement.confirm_order(order_id(payment))
    assert view.fiscal["fiscal_sign"] and view.fiscal["receipt_at"] and view.fiscal["ofd_url"]


async def test_a_declined_payment_is_recorded_and_told(world: BotWorld) -> None:
    payment = await started(world)
    await world.emu.sandbox.decline(order_id(payment))
    assert await stored(world) == [("declined", 94_908, 1)]


async def test_forged_callbacks_are_refused(world: BotWorld) -> None:
    payment = await started(world)
    for forgery in ("wrong_checksum", "no_checksum"):
        await world.emu.sandbox.callback_timing("never", order_id=order_id(payment))
        await world.emu.sandbox.pay(order_id(payment)) if forgery == "wrong_checksum" else None
        [sent, *_] = await world.emu.sandbox.send_callback(order_id(payment), forgery=forgery)
        assert sent["attempts"][0]["status"] == 403
    assert await stored(world) == [("pending", 94_908, 0)]
    # The genuine one still counts.
    await world.emu.sandbox.send_callback(order_id(payment))
    assert await stored(world) == [("confirmed", 94_908, 1)]


async def test_the_customer_back_before_the_callback_sees_the_result(world: BotWorld) -> None:
    payment = await started(world)
    await world.emu.sandbox.callback_timing("never", order_id=order_id(payment))
    settled = await world.emu.sandbox.pay(order_id(payment))
    async with aiohttp.ClientSession() as http, http.get(settled["redirect_url"]) as page:
        text = await page.text()
    assert page.status == 200 and "Оплата прошла" in text and "tg://resolve?domain=" in text
    assert await stored(world) == [("confirmed", 94_908, 1)]
    [late] = await world.emu.sandbox.send_callback(order_id(payment))
    assert late["attempts"][0]["status"] == 200
    assert await stored(world) == [("confirmed", 94_908, 1)]


async def test_a_failing_status_check_leaves_it_for_the_banks_retry(world: BotWorld) -> None:
    payment = await started(world)
    await world.emu.sandbox.fail_status_once(order_id(payment), "7")
    await world.emu.sandbox.pay(order_id(payment))
    [callback] = await world.emu.sandbox.wait_callbacks(order_id(payment), done=True)
    statuses = [attempt["status"] for attempt in callback["attempts"]]
    assert statuses[0] == 503 and statuses[-1] == 200
    assert await stored(world) == [("confirmed", 94_908, 1)]


async def test_kopecks_stay_exact_end_to_end(sqlite_engine: AsyncEngine) -> None:
    """1 000 000,07 ₽ is 100000007 kopecks at the bank and back (as a float it is not)."""
    async with bot_world(sqlite_engine, payment_max_rub=2_000_000) as world:
        payment = await started(
            world, amount=world.cabinet.payments.payable.parse_amount("1 000 000,07")
        )
        assert (await world.emu.sandbox.order(order_id(payment)))["amount"] == 100_000_007
        await world.emu.sandbox.pay(order_id(payment))
        assert await stored(world) == [(PaymentStatus.CONFIRMED.value, 100_000_007, 1)]
