"""Takes the README's picture of the emulator's web chat: `docs/screenshots/webchat.png`.

Run from the checkout (headless Debian chromium, as the browser test uses):

    .venv/bin/python -m tools.screenshot_webchat
        its own emulator and a stand-in echo bot (the page without the cabinet bot or a database)
    .venv/bin/python -m tools.screenshot_webchat --url http://127.0.0.1:8081
        an emulator that already runs with the real bot (`cabinet demo`): the picture shows a new
        customer sending /start and the bot's answer
"""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from aiogram import Dispatcher, F, Router, html
from aiogram.types import (
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    Message,
    ReplyKeyboardMarkup,
)
from playwright.async_api import Page, ViewportSize, async_playwright, expect

from emulator.kit import EmulatorHarness
from emulator.kit.browser import CHROMIUM_ARGS, find_chromium

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = ROOT / "docs" / "screenshots" / "webchat.png"
VIEWPORT: ViewportSize = {"width": 1280, "height": 760}


def stand_in_router() -> Router:
    """Echoes with formatting, an inline button and a reply keyboard: enough to show the page."""
    router = Router()
    keyboard = ReplyKeyboardMarkup(
        keyboard=[[KeyboardButton(text="Баланс"), KeyboardButton(text="Передать показания")]],
        resize_keyboard=True,
    )

    @router.message(F.text)
    async def echo(message: Message) -> None:
        buttons = InlineKeyboardMarkup(
            inline_keyboard=[[InlineKeyboardButton(text="Нажми меня", callback_data="pressed")]]
        )
        await message.answer(
            f"Эхо-бот эмулятора. Вы написали: <b>{html.quote(message.text or '')}</b>",
            reply_markup=buttons,
        )
        await message.answer("Кнопки внизу — клавиатура бота.", reply_markup=keyboard)

    @router.callback_query(F.data == "pressed")
    async def pressed(callback: CallbackQuery) -> None:
        await callback.answer("Кнопка нажата")

    return router


@asynccontextmanager
async def own_emulator_with_stand_in_bot() -> AsyncIterator[str]:
    dispatcher = Dispatcher()
    dispatcher.include_router(stand_in_router())
    async with EmulatorHarness() as emulator, emulator.run_bot(dispatcher, polling_timeout=1):
        yield emulator.base_url


async def play_a_short_conversation(page: Page, url: str) -> None:
    await page.goto(url)
    await expect(page.locator("body")).to_have_attribute("data-ready", "true")
    await page.get_by_test_id("new-customer").click()
    await page.get_by_test_id("first-name").fill("Анна")
    await page.get_by_test_id("last-name").fill("Петрова")
    await page.get_by_test_id("phone").fill("+79280001122")
    await page.get_by_test_id("create-customer").click()
    await expect(page.get_by_test_id("conversation-title")).to_have_text("Анна Петрова")
    await page.get_by_test_id("message-input").fill("/start")
    await page.get_by_test_id("message-input").press("Enter")
    await expect(page.get_by_test_id("bot-message").first).to_be_visible(timeout=20_000)
    await wait_until_the_bot_is_done(page)


async def wait_until_the_bot_is_done(page: Page, quiet_seconds: float = 1.0) -> None:
    """The bot may answer with several messages: wait until none came for a while."""
    messages = page.locator("#messages [data-message-id]")
    previous = -1
    while (current := await messages.count()) != previous:
        previous = current
        await page.wait_for_timeout(quiet_seconds * 1000)
    await page.wait_for_function("[...document.images].every((image) => image.complete)")


async def take_screenshot(url: str | None, out: Path) -> None:
    executable = find_chromium()
    if executable is None:
        raise SystemExit("Debian's chromium is needed: apt-get install chromium")
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        page = await browser.new_page(viewport=VIEWPORT, locale="ru-RU", device_scale_factor=1)
        if url is None:
            async with own_emulator_with_stand_in_bot() as own_url:
                await play_a_short_conversation(page, own_url)
                await page.screenshot(path=str(out))
        else:
            await play_a_short_conversation(page, url)
            await page.screenshot(path=str(out))
        await browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--url", help="a running emulator (default: start one with an echo bot)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where to write the PNG")
    args = parser.parse_args()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    asyncio.run(take_screenshot(args.url, args.out))
    print(f"saved {args.out}")


if __name__ == "__main__":
    main()
