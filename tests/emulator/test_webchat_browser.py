"""The web chat in a real browser: a person talks to a real aiogram bot through the emulator.

Headless Debian Chromium driven by Playwright (never `playwright install`: no network here).
Off CI a missing browser skips the test with the reason; on CI it fails.
"""

from __future__ import annotations

import re
import struct
import zlib
from collections.abc import AsyncIterator
from email.message import EmailMessage
from pathlib import Path

import aiohttp
import aiosmtplib
import pytest
import pytest_asyncio
from aiogram import Bot, Dispatcher, F, Router, html
from aiogram.types import (
    BufferedInputFile,
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    Message,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
)
from playwright.async_api import Browser, Page, async_playwright, expect

from emulator.config import EmulatorConfig
from emulator.kit import EmulatorHarness
from emulator.kit.browser import CHROMIUM_ARGS
from emulator.kit.ports import free_port
from tests.emulator.helpers import chromium_path

# One browser for the module (starting Playwright and Chromium costs seconds), so the tests and
# every async fixture here share the module's event loop.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.timeout(90),
    pytest.mark.asyncio(loop_scope="module"),
]
on_module_loop = pytest_asyncio.fixture(loop_scope="module")

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
XSS_PROBE = "<script>window.hacked = true</script><img src=x onerror='window.hacked = true'>"


def echo_router() -> Router:
    """A tiny bot: echoes a text with an inline button; the button edits the reply."""
    router = Router()

    @router.message(F.text == "/menu")
    async def menu(message: Message) -> None:
        keyboard = ReplyKeyboardMarkup(
            keyboard=[
                [KeyboardButton(text="Баланс")],
                [KeyboardButton(text="Поделиться номером", request_contact=True)],
            ],
            resize_keyboard=True,
            input_field_placeholder="Выберите раздел",
        )
        await message.answer("Главное меню", reply_markup=keyboard)

    @router.message(F.contact)
    async def contact(message: Message) -> None:
        phone = message.contact.phone_number if message.contact else ""
        await message.answer(
            f"Номер {html.quote(phone)} получен", reply_markup=ReplyKeyboardRemove()
        )

    @router.message(F.text)
    async def echo(message: Message) -> None:
        keyboard = InlineKeyboardMarkup(
            inline_keyboard=[[InlineKeyboardButton(text="Нажми меня", callback_data="pressed")]]
        )
        await message.answer(
            f"Вы написали: <b>{html.quote(message.text or '')}</b>", reply_markup=keyboard
        )

    @router.callback_query(F.data == "pressed")
    async def pressed(callback: CallbackQuery) -> None:
        if isinstance(callback.message, Message):
            await callback.message.edit_text("Кнопка нажата, <i>спасибо</i>")
        await callback.answer("Принято")

    return router


@on_module_loop
async def emulator() -> AsyncIterator[EmulatorHarness]:
    """The kit's emulator, started on the module's loop."""
    async with EmulatorHarness() as emu:
        yield emu


@on_module_loop
async def echo_bot(emulator: EmulatorHarness) -> AsyncIterator[Bot]:
    dispatcher = Dispatcher()
    dispatcher.include_router(echo_router())
    async with emulator.run_bot(dispatcher, polling_timeout=1) as bot:
        yield bot


@on_module_loop
async def emulator_with_mailbox() -> AsyncIterator[EmulatorHarness]:
    async with EmulatorHarness(config=EmulatorConfig(smtp_port=free_port())) as emu:
        yield emu


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def browser() -> AsyncIterator[Browser]:
    executable = chromium_path()
    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            await launched.close()


@on_module_loop
async def page(browser: Browser) -> AsyncIterator[Page]:
    context = await browser.new_context(viewport={"width": 1100, "height": 720}, locale="ru-RU")
    opened = await context.new_page()
    opened.set_default_timeout(15_000)
    errors: list[str] = []
    opened.on("pageerror", lambda error: errors.append(str(error)))
    try:
        yield opened
    finally:
        await context.close()
    assert errors == [], f"the page raised: {errors}"


async def test_a_customer_chats_with_the_bot_and_presses_its_button(
    emulator: EmulatorHarness, echo_bot: Bot, page: Page
) -> None:
    await page.goto(emulator.base_url)
    await expect(page.locator("body")).to_have_attribute("data-ready", "true")

    await page.get_by_test_id("new-customer").click()
    await page.get_by_test_id("first-name").fill("Анна")
    await page.get_by_test_id("last-name").fill("Петрова")
    await page.get_by_test_id("phone").fill("+79280001122")
    await page.get_by_test_id("create-customer").click()
    await expect(page.get_by_test_id("conversation-title")).to_have_text("Анна Петрова")
    await expect(page.get_by_test_id("chat-list")).to_contain_text("Анна Петрова")

    await page.get_by_test_id("message-input").fill(f"Привет! {XSS_PROBE}")
    await page.get_by_test_id("message-input").press("Enter")

    mine = page.get_by_test_id("my-message").last
    await expect(mine.locator(".text")).to_have_text(f"Привет! {XSS_PROBE}")
    reply = page.get_by_test_id("bot-message").last
    await expect(reply.locator(".text")).to_have_text(f"Вы написали: Привет! {XSS_PROBE}")
    await expect(reply.locator(".text b")).to_have_text(f"Привет! {XSS_PROBE}")
    assert await page.locator("#messages script, #messages img").count() == 0
    assert await page.evaluate("window.hacked === undefined")

    await reply.get_by_test_id("inline-button").filter(has_text="Нажми меня").click()

    await expect(page.get_by_test_id("toast")).to_have_text("Принято")
    await expect(reply.locator(".text")).to_have_text("Кнопка нажата, спасибо")
    await expect(reply.locator(".text i")).to_have_text("спасибо")
    await expect(reply.locator(".meta")).to_contain_text("edited")

    ARTIFACTS.mkdir(exist_ok=True)
    await page.screenshot(path=str(ARTIFACTS / "webchat.png"))


async def test_the_reply_keyboard_replaces_the_system_keyboard_and_shares_the_contact(
    emulator: EmulatorHarness, echo_bot: Bot, page: Page
) -> None:
    anna = await emulator.new_user(first_name="Анна", phone="+79280001122")
    await page.goto(f"{emulator.base_url}/#{anna.id}")
    await page.get_by_test_id("message-input").fill("/menu")
    await page.get_by_test_id("message-input").press("Enter")

    keyboard = page.get_by_test_id("reply-keyboard")
    await expect(keyboard.get_by_test_id("reply-button")).to_have_text(
        ["Баланс", "Поделиться номером"]
    )
    await expect(page.get_by_test_id("message-input")).to_have_attribute(
        "placeholder", "Выберите раздел"
    )
    await keyboard.get_by_text("Баланс").click()
    await expect(page.get_by_test_id("bot-message").last).to_have_text(
        re.compile("Вы написали: Баланс")
    )

    await keyboard.get_by_text("Поделиться номером").click()
    await expect(page.get_by_test_id("my-message").last).to_contain_text("+79280001122")
    await expect(page.get_by_test_id("bot-message").last).to_contain_text(
        "Номер +79280001122 получен"
    )
    await expect(keyboard).to_be_hidden()


async def test_only_the_pages_own_files_are_served(emulator: EmulatorHarness) -> None:
    async with aiohttp.ClientSession(emulator.base_url) as http:
        for path, content_type in [
            ("/", "text/html"),
            ("/webchat/app.js", "text/javascript"),
            ("/webchat/style.css", "text/css"),
        ]:
            async with http.get(path) as response:
                assert response.status == 200, path
                assert response.content_type == content_type
        for path in ["/webchat/__init__.py", "/webchat/index.html", "/webchat/../mailbox.py"]:
            async with http.get(path) as response:
                assert response.status == 404, path


def tiny_png(width: int = 3, height: int = 2) -> bytes:
    """A valid red PNG, so the browser really decodes the photo it is served."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    rows = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


async def test_a_staff_member_works_in_a_forum_topic_with_photos_and_documents(
    emulator: EmulatorHarness, echo_bot: Bot, page: Page
) -> None:
    olga = await emulator.new_user(first_name="Ольга", last_name="Смирнова")
    await emulator.staff.add_member(olga, status="administrator")
    topic = await echo_bot.create_forum_topic(emulator.staff_chat_id, "Заявки")

    await page.goto(emulator.base_url)
    await page.get_by_test_id(f"topic-{topic.message_thread_id}").click()
    await expect(page.get_by_test_id("conversation-subtitle")).to_have_text("# Заявки")
    await expect(page.get_by_test_id("member-select")).to_have_value(str(olga.id))

    await page.get_by_test_id("message-input").fill("Заявка на поверку счётчика")
    await page.get_by_test_id("message-input").press("Enter")
    await expect(page.get_by_test_id("my-message").last).to_contain_text("Заявка на поверку")
    reply = page.get_by_test_id("bot-message").last
    await expect(reply.locator(".sender")).to_have_text(EmulatorConfig().bot_first_name)
    await expect(reply.locator(".text")).to_have_text("Вы написали: Заявка на поверку счётчика")

    await page.get_by_test_id("attach-input").set_input_files(
        {"name": "meter.png", "mimeType": "image/png", "buffer": tiny_png()}
    )
    photo = page.get_by_test_id("my-message").last.locator("img.photo")
    await expect(photo).to_be_visible()
    await expect(photo).to_have_js_property("naturalWidth", 3)

    await echo_bot.send_document(
        emulator.staff_chat_id,
        BufferedInputFile("Счёт за ноябрь".encode(), filename="счёт.txt"),
        message_thread_id=topic.message_thread_id,
    )
    document = page.get_by_test_id("document").last
    await expect(document).to_contain_text("счёт.txt")
    download = await page.request.get(emulator.base_url + str(await document.get_attribute("href")))
    assert await download.text() == "Счёт за ноябрь"

    await page.get_by_test_id(f"chat-{emulator.staff_chat_id}").click()
    await expect(page.get_by_test_id("conversation-subtitle")).to_have_text("# General")
    await expect(page.get_by_test_id("my-message")).to_have_count(0)


async def test_the_mailbox_panel_shows_caught_mail_without_running_its_scripts(
    emulator_with_mailbox: EmulatorHarness, page: Page
) -> None:
    await page.goto(emulator_with_mailbox.base_url)
    await expect(page.locator("body")).to_have_attribute("data-ready", "true")

    message = EmailMessage()
    message["From"] = "robot@localhost"
    message["To"] = "anna@example.ru"
    message["Subject"] = "Код подтверждения"
    message.set_content("Ваш код: 4821")
    message.add_alternative(
        "<p>Ваш код: <b>4821</b></p><script>parent.hacked = true</script>", subtype="html"
    )
    smtp_port = emulator_with_mailbox.config.smtp_port
    await aiosmtplib.send(message, hostname="127.0.0.1", port=smtp_port)

    await expect(page.get_by_test_id("mail-count")).to_have_text("1")
    await page.get_by_test_id("mailbox-button").click()
    mail = page.get_by_test_id("mail").first
    await expect(mail).to_contain_text("Код подтверждения")
    await mail.locator("summary").click()
    await expect(mail.locator("pre")).to_have_text("Ваш код: 4821\n")
    html_version = page.frame_locator("[data-testid=mail] iframe").first
    await expect(html_version.locator("b")).to_have_text("4821")
    assert await page.evaluate("window.hacked === undefined")
