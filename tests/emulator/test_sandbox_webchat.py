"""In a real browser: the bot's payment link opens the bank page in a new tab, «Оплатить» sends
the customer back to the merchant, and the web chat's «Bank sandbox» panel shows the order paid.

Headless Debian Chromium driven by Playwright, as in test_webchat_browser.py (skipped off CI
when the browser is missing).
"""

from __future__ import annotations

from collections.abc import AsyncGenerator

import pytest
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from aiohttp import web
from playwright.async_api import async_playwright, expect

from emulator.kit import EmulatorHarness
from emulator.kit.browser import CHROMIUM_ARGS
from tests.emulator.helpers import chromium_path

pytestmark = [pytest.mark.browser, pytest.mark.timeout(90)]


async def merchant_site(received: list[dict[str, str]]) -> AsyncGenerator[str, None]:
    async def callback(request: web.Request) -> web.Response:
        received.append(dict(request.query))
        return web.Response(text="OK")

    async def back(request: web.Request) -> web.Response:
        return web.Response(text="Оплата принята, вернитесь в Telegram", content_type="text/html")

    app = web.Application()
    app.router.add_get("/payments/sberbank/callback", callback)
    app.router.add_get("/payments/return", back)
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    try:
        yield f"http://127.0.0.1:{runner.addresses[0][1]}"
    finally:
        await runner.cleanup()


async def test_the_payment_link_opens_the_bank_page_in_a_new_tab(
    emulator: EmulatorHarness,
) -> None:
    executable = chromium_path()
    received: list[dict[str, str]] = []
    sites = merchant_site(received)
    merchant = await anext(sites)
    try:
        await emulator.sandbox.set_callback_url(f"{merchant}/payments/sberbank/callback")
        anna = await emulator.new_user(first_name="Анна")
        order = await emulator.sandbox.register(
            "LS-9001", 125_050, f"{merchant}/payments/return", description="Электроэнергия"
        )
        bot = emulator.make_bot()
        try:
            button = InlineKeyboardButton(text="Оплатить картой", url=order["formUrl"])
            await bot.send_message(
                anna.id,
                "Счёт на 1 250,50 ₽",
                reply_markup=InlineKeyboardMarkup(inline_keyboard=[[button]]),
            )
        finally:
            await bot.session.close()

        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(
                executable_path=executable, args=CHROMIUM_ARGS
            )
            context = await browser.new_context(locale="ru-RU")
            page = await context.new_page()
            page.set_default_timeout(15_000)
            await page.goto(f"{emulator.base_url}/#{anna.id}")
            await expect(page.locator("body")).to_have_attribute("data-ready", "true")
            link = page.get_by_test_id("inline-button").filter(has_text="Оплатить картой")
            async with context.expect_page() as opened:
                await link.click()
            bank = await opened.value
            await expect(bank.locator("[data-testid=amount]")).to_have_text("1\u00a0250,50\u00a0₽")
            await bank.get_by_role("button", name="Оплатить").click()
            await expect(bank.locator("body")).to_contain_text("вернитесь в Telegram")
            assert bank.url.startswith(f"{merchant}/payments/return?orderId=")
            assert received and received[0]["operation"] == "deposited"

            await page.get_by_test_id("payment-sandbox").click()
            entry = page.get_by_test_id("order").first
            await expect(entry).to_contain_text("LS-9001")
            await expect(entry.locator(".order-status")).to_have_text("paid")
            await expect(entry).to_contain_text("callback: 200")
            await browser.close()
    finally:
        await sites.aclose()
