"""Updates reach the bot by long polling (offsets, allowed_updates) or by webhook with retries."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator

import pytest
from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest, TelegramConflictError
from aiohttp import web

from emulator.config import EmulatorConfig
from emulator.kit import EmulatorHarness, UserClient


async def test_updates_stay_until_confirmed_by_offset(bot: Bot, customer: UserClient) -> None:
    for text in ("1", "2", "3"):
        await customer.send(text)
    first = await bot.get_updates(timeout=0)
    assert [u.message.text for u in first if u.message] == ["1", "2", "3"]
    assert [u.update_id for u in await bot.get_updates(timeout=0)] == [u.update_id for u in first]
    only_one = await bot.get_updates(offset=first[1].update_id, limit=1, timeout=0)
    assert [u.update_id for u in only_one] == [first[1].update_id]
    assert await bot.get_updates(offset=first[-1].update_id + 1, timeout=0) == []


async def test_a_long_poll_returns_as_soon_as_an_update_arrives(
    bot: Bot, emulator: EmulatorHarness, customer: UserClient
) -> None:
    started = time.monotonic()
    poll = asyncio.create_task(bot.get_updates(timeout=20))
    await asyncio.wait_for(emulator.world.updates.polling.wait(), 5)
    await customer.send("показания 12345")
    updates = await asyncio.wait_for(poll, 10)
    assert [u.message.text for u in updates if u.message] == ["показания 12345"]
    assert time.monotonic() - started < 10


async def test_a_second_poller_ends_the_first_with_a_conflict(
    bot: Bot, emulator: EmulatorHarness
) -> None:
    other = emulator.make_bot()
    try:
        first = asyncio.create_task(bot.get_updates(timeout=20))
        await asyncio.wait_for(emulator.world.updates.polling.wait(), 5)
        second = asyncio.create_task(other.get_updates(timeout=0))
        with pytest.raises(TelegramConflictError, match="terminated by other getUpdates request"):
            await asyncio.wait_for(first, 10)
        assert await second == []
    finally:
        await other.session.close()


async def test_allowed_updates_filter_what_is_queued(bot: Bot, customer: UserClient) -> None:
    assert await bot.get_updates(timeout=0, allowed_updates=["callback_query"]) == []
    await customer.send("не нужно")
    assert await bot.get_updates(timeout=0) == []


class Receiver:
    """A bot's web app: answers 500 to the first `failures` posts, records every post."""

    def __init__(self, failures: int) -> None:
        self.failures = failures
        self.posts: asyncio.Queue[tuple[dict[str, object], str | None, int]] = asyncio.Queue()

    async def handle(self, request: web.Request) -> web.Response:
        status = 500 if self.failures > 0 else 200
        self.failures -= 1
        secret = request.headers.get("X-Telegram-Bot-Api-Secret-Token")
        await self.posts.put((await request.json(), secret, status))
        return web.Response(status=status)


@pytest.fixture
async def receiver() -> AsyncIterator[tuple[Receiver, str]]:
    receiver = Receiver(failures=1)
    app = web.Application()
    app.router.add_post("/telegram/webhook", receiver.handle)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    yield receiver, f"http://127.0.0.1:{port}/telegram/webhook"
    await runner.cleanup()


async def test_webhook_delivery_with_secret_and_retries(receiver: tuple[Receiver, str]) -> None:
    posts, url = receiver
    config = EmulatorConfig(smtp_port=0, webhook_retry_first=0.01)
    async with EmulatorHarness(config=config) as emu:
        bot = emu.make_bot()
        customer = await emu.new_user(first_name="Олег")
        assert await bot.set_webhook(url, secret_token="s3cr3t-token")
        await customer.send("через вебхук")
        failed = await asyncio.wait_for(posts.posts.get(), 5)
        delivered = await asyncio.wait_for(posts.posts.get(), 5)
        assert failed[2] == 500 and delivered[2] == 200
        assert failed[0] == delivered[0]
        assert delivered[1] == "s3cr3t-token"
        assert delivered[0]["message"]["text"] == "через вебхук"  # type: ignore[index]

        info = await bot.get_webhook_info()
        assert info.url == url and info.pending_update_count == 0
        assert info.last_error_message is not None and "500" in info.last_error_message
        with pytest.raises(TelegramConflictError, match="webhook is active"):
            await bot.get_updates(timeout=0)

        assert await bot.delete_webhook()
        await customer.send("снова опрос")
        assert [u.message.text for u in await bot.get_updates(timeout=0) if u.message] == [
            "снова опрос"
        ]
        await bot.session.close()


async def test_a_webhook_must_be_https_unless_local(bot: Bot) -> None:
    with pytest.raises(TelegramBadRequest, match="HTTPS URL must be provided"):
        await bot.set_webhook("http://bot.example.com/telegram/webhook")
    with pytest.raises(TelegramBadRequest, match="secret token contains unallowed characters"):
        await bot.set_webhook("https://bot.example.com/hook", secret_token="не так")
