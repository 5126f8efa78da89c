"""Telegram Payments: an invoice, the pre-checkout query, then successful_payment."""

from __future__ import annotations

import asyncio

import pytest
from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import LabeledPrice, Update

from emulator.kit import UserClient

PRICES = [LabeledPrice(label="Электроэнергия, октябрь", amount=125_050)]


async def answer_pre_checkout(bot: Bot, ok: bool, error_message: str | None = None) -> Update:
    """Plays the bot's part: waits for the pre-checkout query and answers it."""
    for _ in range(5):
        updates = await bot.get_updates(
            timeout=5, allowed_updates=["pre_checkout_query", "message"]
        )
        for update in updates:
            await bot.get_updates(offset=update.update_id + 1, timeout=0)
            if update.pre_checkout_query is not None:
                await bot.answer_pre_checkout_query(
                    update.pre_checkout_query.id, ok=ok, error_message=error_message
                )
                return update
    raise AssertionError("no pre-checkout query reached the bot")


async def send_invoice(bot: Bot, customer: UserClient) -> None:
    await bot.send_invoice(
        customer.id,
        title="Счёт за октябрь",
        description="Лицевой счёт 1234567890",
        payload="bill:42",
        provider_token="381764678:TEST:demo",
        currency="RUB",
        prices=PRICES,
    )


async def test_a_customer_pays_an_invoice(bot: Bot, customer: UserClient) -> None:
    await send_invoice(bot, customer)
    invoice = await customer.expect_message()
    assert invoice.raw["invoice"]["total_amount"] == 125_050

    bot_side = asyncio.create_task(answer_pre_checkout(bot, ok=True))
    result = await customer.pay()
    query = (await bot_side).pre_checkout_query
    assert (
        query is not None and query.invoice_payload == "bill:42" and query.total_amount == 125_050
    )
    assert result["ok"] is True
    payment = result["message"]["successful_payment"]
    assert payment["invoice_payload"] == "bill:42" and payment["currency"] == "RUB"
    update = (await bot.get_updates(timeout=5))[-1]
    assert update.message is not None and update.message.successful_payment is not None


async def test_the_bot_can_refuse_a_payment(bot: Bot, customer: UserClient) -> None:
    await send_invoice(bot, customer)
    bot_side = asyncio.create_task(
        answer_pre_checkout(bot, ok=False, error_message="Счёт уже оплачен")
    )
    result = await customer.pay()
    await bot_side
    assert result == {**result, "ok": False, "error_message": "Счёт уже оплачен"}
    assert "message" not in result


async def test_an_invoice_link_can_be_paid(bot: Bot, customer: UserClient) -> None:
    link = await bot.create_invoice_link(
        title="Пени",
        description="Пени за сентябрь",
        payload="fine:7",
        provider_token="t",
        currency="RUB",
        prices=PRICES,
    )
    assert link.startswith("https://t.me/$")
    bot_side = asyncio.create_task(answer_pre_checkout(bot, ok=True))
    result = await customer.pay(invoice_link=link)
    await bot_side
    assert (
        result["ok"] is True
        and result["message"]["successful_payment"]["invoice_payload"] == "fine:7"
    )


async def test_invoices_are_checked(bot: Bot, customer: UserClient) -> None:
    with pytest.raises(TelegramBadRequest, match="CURRENCY_TOTAL_AMOUNT_INVALID"):
        await bot.send_invoice(
            customer.id,
            title="x",
            description="y",
            payload="z",
            provider_token="t",
            currency="RUB",
            prices=[],
        )
    with pytest.raises(TelegramBadRequest, match="INVOICE_PAYLOAD_INVALID"):
        await bot.send_invoice(
            customer.id,
            title="x",
            description="y",
            payload="я" * 65,
            provider_token="t",
            currency="RUB",
            prices=PRICES,
        )
    with pytest.raises(TelegramBadRequest, match="QUERY_ID_INVALID"):
        await bot.answer_pre_checkout_query("nope", ok=True)
