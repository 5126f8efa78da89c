"""Webhook delivery as Telegram does it: up to `max_connections` posts in flight at once, each
chat's updates one at a time and in order, a failing chat retried without holding up the others,
deleteWebhook cancelling what is in flight and keeping it pending. The bot is a real aiohttp app
on a free port."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass

import pytest
from aiogram import Bot
from aiohttp import web

from emulator.config import EmulatorConfig
from emulator.kit import EmulatorHarness, UserClient
from emulator.kit.clients import QUIET_WINDOW
from emulator.webhook_delivery import lane_of

CONFIG = EmulatorConfig(smtp_port=0, webhook_retry_first=0.02, webhook_retry_max=0.1)
WAIT = 10.0


@dataclass(frozen=True)
class Post:
    update_id: int
    chat_id: int
    text: str
    status: int


class SlowBot:
    """The bot's web app: holds every post until `release` is set, then waits `delay` and
    answers 500 for the chats in `failing`, 200 for the others. Counts the posts in flight."""

    def __init__(self) -> None:
        self.release = asyncio.Event()
        self.release.set()
        self.delay = 0.0
        self.failing: set[int] = set()
        self.answered: list[Post] = []
        self.in_flight = 0
        self.peak = 0
        self.in_flight_by_chat: Counter[int] = Counter()
        self.peak_in_one_chat = 0
        self._changed = asyncio.Condition()

    async def handle(self, request: web.Request) -> web.Response:
        update = await request.json()
        chat_id, text = update["message"]["chat"]["id"], update["message"]["text"]
        await self._enter(chat_id)
        try:
            await self.release.wait()
            await asyncio.sleep(self.delay)
            status = 500 if chat_id in self.failing else 200
            self.answered.append(Post(update["update_id"], chat_id, text, status))
        finally:
            await self._leave(chat_id)
        return web.Response(status=status)

    async def _enter(self, chat_id: int) -> None:
        async with self._changed:
            self.in_flight += 1
            self.peak = max(self.peak, self.in_flight)
            self.in_flight_by_chat[chat_id] += 1
            self.peak_in_one_chat = max(self.peak_in_one_chat, self.in_flight_by_chat[chat_id])
            self._changed.notify_all()

    async def _leave(self, chat_id: int) -> None:
        async with self._changed:
            self.in_flight -= 1
            self.in_flight_by_chat[chat_id] -= 1
            self._changed.notify_all()

    async def until(self, ready: Callable[[], bool], seconds: float = WAIT) -> None:
        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(ready), seconds)

    def delivered(self, chat_id: int | None = None) -> list[Post]:
        """The posts answered 200, in the order they were answered."""
        return [
            p
            for p in self.answered
            if p.status == 200 and (chat_id is None or p.chat_id == chat_id)
        ]


@pytest.fixture
async def slow_bot() -> AsyncIterator[tuple[SlowBot, str]]:
    bot = SlowBot()
    app = web.Application()
    app.router.add_post("/telegram/webhook", bot.handle)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    yield bot, f"http://127.0.0.1:{port}/telegram/webhook"
    bot.release.set()  # posts the emulator gave up on finish before the server goes
    await runner.cleanup()


@pytest.fixture
async def emu() -> AsyncIterator[EmulatorHarness]:
    async with EmulatorHarness(config=CONFIG) as harness:
        yield harness


@pytest.fixture
async def api(emu: EmulatorHarness) -> AsyncIterator[Bot]:
    bot = emu.make_bot()
    yield bot
    await bot.session.close()


async def customers(emu: EmulatorHarness, count: int) -> list[UserClient]:
    return [await emu.new_user(first_name=f"Клиент{n}") for n in range(count)]


def delivery_tasks() -> list[asyncio.Task[object]]:
    def is_delivery(task: asyncio.Task[object]) -> bool:
        return getattr(task.get_coro(), "__qualname__", "").startswith("WebhookDelivery.")

    return [task for task in asyncio.all_tasks() if is_delivery(task)]


async def test_up_to_max_connections_posts_are_in_flight_at_once(
    slow_bot: tuple[SlowBot, str], emu: EmulatorHarness, api: Bot
) -> None:
    app, url = slow_bot
    people = await customers(emu, 10)
    app.release.clear()
    assert await api.set_webhook(url, max_connections=4)
    for person in people:
        await person.send("сколько я должен?")

    await app.until(lambda: app.in_flight == 4)
    with pytest.raises(TimeoutError):
        await app.until(lambda: app.in_flight > 4, QUIET_WINDOW)
    info = await api.get_webhook_info()
    assert info.max_connections == 4 and info.pending_update_count == 10

    app.release.set()
    await app.until(lambda: len(app.delivered()) == 10)
    assert app.peak == 4
    assert {p.chat_id for p in app.delivered()} == {person.id for person in people}
    assert (await api.get_webhook_info()).pending_update_count == 0


async def test_max_connections_is_brought_into_telegrams_range(
    slow_bot: tuple[SlowBot, str], api: Bot
) -> None:
    _, url = slow_bot
    assert await api.set_webhook(url)
    assert (await api.get_webhook_info()).max_connections == 40
    assert await api.set_webhook(url, max_connections=0)
    assert (await api.get_webhook_info()).max_connections == 1
    assert await api.set_webhook(url, max_connections=1000)
    assert (await api.get_webhook_info()).max_connections == 100


async def test_each_chat_gets_its_updates_one_at_a_time_and_in_order(
    slow_bot: tuple[SlowBot, str], emu: EmulatorHarness, api: Bot
) -> None:
    app, url = slow_bot
    app.delay = 0.03
    people = await customers(emu, 3)
    assert await api.set_webhook(url)
    for turn in range(1, 5):
        for person in people:
            await person.send(f"{person.first_name} {turn}")

    await app.until(lambda: len(app.delivered()) == 12)
    for person in people:
        posts = app.delivered(person.id)
        assert [p.text for p in posts] == [f"{person.first_name} {turn}" for turn in range(1, 5)]
        assert [p.update_id for p in posts] == sorted(p.update_id for p in posts)
    assert app.peak_in_one_chat == 1
    assert app.peak > 1  # the chats went side by side


async def test_a_failing_chat_is_retried_without_holding_up_the_others(
    slow_bot: tuple[SlowBot, str], emu: EmulatorHarness, api: Bot
) -> None:
    app, url = slow_bot
    anna, boris = await customers(emu, 2)
    app.failing.add(anna.id)
    assert await api.set_webhook(url)
    await anna.send("Анна 1")
    await anna.send("Анна 2")
    await boris.send("Борис 1")
    await boris.send("Борис 2")

    def failed_for_anna() -> list[Post]:
        return [p for p in app.answered if p.chat_id == anna.id and p.status == 500]

    await app.until(lambda: len(app.delivered()) == 2 and len(failed_for_anna()) >= 3)
    assert [p.text for p in app.delivered()] == ["Борис 1", "Борис 2"]
    assert {p.text for p in failed_for_anna()} == {"Анна 1"}  # her second waits for the first
    info = await api.get_webhook_info()
    assert info.pending_update_count == 2
    assert info.last_error_date is not None
    assert info.last_error_message is not None and "500" in info.last_error_message

    app.failing.clear()
    await app.until(lambda: len(app.delivered(anna.id)) == 2)
    assert [p.text for p in app.delivered(anna.id)] == ["Анна 1", "Анна 2"]
    assert app.peak_in_one_chat == 1
    assert (await api.get_webhook_info()).pending_update_count == 0


async def test_delete_webhook_cancels_what_is_in_flight_and_keeps_it_pending(
    slow_bot: tuple[SlowBot, str],
) -> None:
    app, url = slow_bot
    app.release.clear()
    async with EmulatorHarness(config=CONFIG) as emu:
        api = emu.make_bot()
        try:
            people = await customers(emu, 5)
            assert await api.set_webhook(url, max_connections=3)
            for person in people:
                await person.send(f"от {person.first_name}")
            await app.until(lambda: app.in_flight == 3)

            assert await api.delete_webhook()
            assert delivery_tasks() == []
            info = await api.get_webhook_info()
            assert info.url == "" and info.pending_update_count == 5
            updates = await api.get_updates(timeout=0)
            assert [u.message.text for u in updates if u.message] == [
                f"от {person.first_name}" for person in people
            ]

            # set again: the same updates go out again; the emulator stops with them in flight
            assert await api.set_webhook(url, max_connections=3)
            await app.until(lambda: app.in_flight == 6)  # 3 abandoned above, 3 anew
            assert delivery_tasks() != []
        finally:
            await api.session.close()
    assert delivery_tasks() == []
    assert app.answered == []  # nothing was acknowledged


def test_an_update_keeps_the_order_of_the_chat_it_concerns() -> None:
    message = {"update_id": 1, "message": {"chat": {"id": -100}, "from": {"id": 7}}}
    callback = {
        "update_id": 2,
        "callback_query": {"from": {"id": 7}, "message": {"chat": {"id": 5}}},
    }
    checkout = {"update_id": 3, "pre_checkout_query": {"from": {"id": 7}}}
    poll = {"update_id": 4, "poll": {"id": "p"}}
    assert lane_of(message) == ("chat", -100)
    assert lane_of(callback) == ("chat", 5)
    assert lane_of(checkout) == ("chat", 7)
    assert lane_of(poll) == ("update", 4)
