"""«Оплата» with PAYMENT_PROVIDER=telegram: an invoice link, Telegram's pre-checkout, the payment."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.models import payments_table
from tests.bot.kit import BotWorld, bot_world
from tests.bot.payments.test_payments import link_of, open_window, scene
from tests.bot.signed_in import signed_in_customer


@pytest.fixture
async def world(sqlite_engine: AsyncEngine) -> AsyncIterator[BotWorld]:
    settings = {
        "payment_provider": "telegram",
        "telegram_payment_provider_token": "381764678:TEST:demo",
    }
    async with bot_world(sqlite_engine, **settings) as running:
        yield running


async def statuses(world: BotWorld) -> list[tuple[str, int, str | None]]:
    async with world.cabinet.uow_factory() as uow:
        query = select(
            payments_table.c.status,
            payments_table.c.amount_kopecks,
            payments_table.c.provider_payment_id,
        )
        return [tuple(row) for row in (await uow.session.execute(query)).all()]


async def test_a_customer_pays_in_telegram(world: BotWorld) -> None:
    customer, _account_id, _seed = await scene(world)
    await open_window(customer)
    await customer.client.click("➡️ Перейти к оплате")
    message = await customer.client.expect_message(contains="Ссылка на оплату 949,08 ₽")
    link = link_of(message)
    assert link.startswith("https://t.me/$")

    result = await customer.client.pay(invoice_link=link)
    assert result["ok"] is True
    await customer.client.expect_message(contains="прошла")
    [(status, amount, charge)] = await statuses(world)
    assert (status, amount) == ("confirmed", 94_908)
    assert charge == result["message"]["successful_payment"]["telegram_payment_charge_id"]

    again = await customer.client.pay(invoice_link=link)  # the same invoice once more
    assert again["ok"] is False and "устарел или уже оплачен" in again["error_message"]


async def test_a_stale_intent_is_refused_at_pre_checkout(world: BotWorld) -> None:
    customer, _account_id, _seed = await scene(world)
    await open_window(customer)
    await customer.client.click("➡️ Перейти к оплате")
    link = link_of(await customer.client.expect_message(contains="Ссылка на оплату"))
    world.clock.advance(timedelta(hours=2))
    result = await customer.client.pay(invoice_link=link)
    assert result["ok"] is False and "устарел" in result["error_message"]
    assert [status for status, _, _ in await statuses(world)] == ["pending"]


async def test_someone_else_cannot_pay_a_customers_intent(world: BotWorld) -> None:
    customer, _account_id, _seed = await scene(world)
    await open_window(customer)
    await customer.client.click("➡️ Перейти к оплате")
    link = link_of(await customer.client.expect_message(contains="Ссылка на оплату"))
    stranger = await signed_in_customer(world, phone="+79280000001", first_name="Пётр")
    result = await stranger.client.pay(invoice_link=link)
    assert result["ok"] is False and "не совпадают" in result["error_message"]


async def test_pay_on_the_home_card_pays_in_telegram(world: BotWorld) -> None:
    customer, _account_id, _seed = await scene(world)
    client = customer.client
    await client.send("🏠 Главная")
    card = await client.expect_message(contains="Лицевой счёт № 110000777")
    await client.click("💳 Оплатить", message=card)
    window = await client.expect_message(contains="Сумма оплаты: 949,08 ₽")
    await client.click("➡️ Перейти к оплате", message=window)
    link = link_of(await client.expect_message(contains="Ссылка на оплату 949,08 ₽"))
    assert link.startswith("https://t.me/$")

    result = await client.pay(invoice_link=link)
    assert result["ok"] is True
    await client.expect_message(contains="Оплата 949,08 ₽ по лицевому счёту 110000777 прошла")
    [(status, amount, charge)] = await statuses(world)
    assert (status, amount) == ("confirmed", 94_908)
    assert charge == result["message"]["successful_payment"]["telegram_payment_charge_id"]


async def test_without_a_provider_token_the_customer_is_asked_to_try_again(
    sqlite_engine: AsyncEngine,
) -> None:
    async with bot_world(sqlite_engine, payment_provider="telegram") as world:
        customer, _account_id, _seed = await scene(world)
        await open_window(customer)
        await customer.client.click("➡️ Перейти к оплате")
        await customer.client.expect_message(contains="Платёжная система сейчас не отвечает")
        [(status, amount, charge)] = await statuses(world)
        # Nothing reached Telegram: the intent waits for the next press, which may succeed.
        assert (status, amount, charge) == ("created", 94_908, None)
