"""After the bank: the customer's return page, and «Перейти к оплате» pressed again on a window
whose payment the bank has already settled."""

from __future__ import annotations

import aiohttp
import pytest
from sqlalchemy import select

from core.enums import PaymentStatus
from core.payments.errors import GatewayUnavailable
from core.payments.sberbank import SberbankGateway
from emulator.kit import UserClient
from storage.models import outbox_table
from tests.bot.kit import BotWorld
from tests.bot.payments.test_payments import link_of, open_window, payments, scene

PAID = "Оплата 949,08 ₽ по лицевому счёту 110000777 прошла"


async def order_placed(world: BotWorld) -> tuple[UserClient, str]:
    """A customer who pressed «Перейти к оплате», and the bank order of the link they got."""
    customer, _account_id, _seed = await scene(world)
    await open_window(customer)
    await customer.client.click("➡️ Перейти к оплате")
    link = await customer.client.expect_message("Ссылка")
    return customer.client, world.emu.sandbox.order_id_of(link_of(link))


async def return_page(url: str) -> str:
    async with aiohttp.ClientSession() as http, http.get(url) as page:
        assert page.status == 200
        return await page.text()


async def bank_status_untouched(world: BotWorld, order_id: str) -> bool:
    """Whether the status failure planted on the order is still there: nobody asked the bank
    about it since."""
    gateway = SberbankGateway(world.emu.sandbox.api_url, "demo-api", "demo")
    try:
        await gateway.status(order_id)
    except GatewayUnavailable:
        return True
    finally:
        await gateway.aclose()
    return False


async def test_the_callback_first_then_the_return_page_tells_the_customer_once(
    world: BotWorld,
) -> None:
    client, order_id = await order_placed(world)

    settled = await world.emu.sandbox.pay(order_id)  # the default: the callback comes first
    assert [c["attempts"][0]["status"] for c in settled["callbacks"]] == [200]
    await client.expect_message(contains=PAID)

    await world.emu.sandbox.fail_status_once(order_id)
    page = await return_page(settled["redirect_url"])
    assert "Оплата прошла" in page and "tg://resolve?domain=" in page
    assert await bank_status_untouched(world, order_id)  # shown from what is stored
    await client.expect_no_message()
    assert sum(PAID in seen.text for seen in client.log.messages) == 1
    async with world.cabinet.uow_factory() as uow:
        kinds = (await uow.session.scalars(select(outbox_table.c.kind))).all()
    assert kinds == ["payment_confirmed"]
    [paid] = await payments(world)
    assert paid.status == PaymentStatus.CONFIRMED.value


@pytest.mark.parametrize("order_id", ["", "no-such-order", "<script>"])
async def test_a_return_for_no_order_of_ours_shows_a_neutral_page(
    world: BotWorld, order_id: str
) -> None:
    page = await return_page(f"{world.settings.public_url}/payments/return?orderId={order_id}")
    assert "Состояние платежа можно посмотреть в чате с ботом" in page
    assert "<script>" not in page.split("</style>", 1)[1]


async def test_go_again_after_the_bank_confirmed_says_so_and_offers_a_new_one(
    world: BotWorld,
) -> None:
    client, order_id = await order_placed(world)
    await world.emu.sandbox.pay(order_id)
    await client.expect_message(contains=PAID)

    await client.click("➡️ Перейти к оплате")
    told = await client.expect_message(contains="уже подтверждена банком")
    assert "949,08 ₽" in told.text and not told.buttons
    listing = await client.expect_message(contains="Оплата по лицевым счетам")
    assert "задолженности нет" in listing.text
    assert len(await payments(world)) == 1


async def test_go_again_after_the_bank_declined_says_so_and_offers_a_new_one(
    world: BotWorld,
) -> None:
    client, order_id = await order_placed(world)
    await world.emu.sandbox.decline(order_id)
    await client.expect_message(contains="не прошла")

    await client.click("➡️ Перейти к оплате")
    await client.expect_message(contains="банк её отклонил")
    listing = await client.expect_message(contains="Электроэнергия: 949,08 ₽")
    await client.click(listing.button_list[0])
    await client.expect_message(contains="Сумма оплаты: 949,08 ₽")
    await client.click("➡️ Перейти к оплате")
    again = await client.expect_message(contains="Ссылка на оплату 949,08 ₽")
    assert world.emu.sandbox.order_id_of(link_of(again)) != order_id
    assert [p.status for p in await payments(world)] == ["declined", "pending"]
