"""`cabinet run` in webhook mode, with Telegram (the emulator) and Telegram's retries played by
posting to the runtime's webhook: an update is answered 200 once kept (handled too when that
takes no longer than WEBHOOK_ANSWER_SECONDS); the same `update_id` posted again, at once or to
another worker on the same database, is handled once; a body that is not an update is refused
with 400, and a wrong secret with 401."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
from pydantic import SecretStr
from sqlalchemy import select

from bot.runtime import WEBHOOK_PATH, Runtime, build_runtime, serve, webhook_mode
from core.settings import Settings
from emulator.kit.harness import EmulatorHarness
from emulator.kit.ports import free_port
from storage.database import create_engine, create_session_factory
from storage.models import update_inbox_table
from storage.uow import unit_of_work_factory

SECRET = "webhook-s3cret"
MENU_PROMPT = "Выберите раздел"


def webhook_settings(emulator: EmulatorHarness, database_url: str, **extra: Any) -> Settings:
    port = free_port()
    return Settings(
        _env_file=None,
        bot_token=SecretStr(emulator.token),
        telegram_api_url=emulator.api_base,
        database_url=database_url,
        web_port=port,
        public_url=f"http://127.0.0.1:{port}",  # on loopback: webhook mode, plain HTTP
        webhook_secret=SecretStr(SECRET),
        inbox_recovery_seconds=0.1,
        **extra,
    )


def webhook_url(settings: Settings) -> str:
    return f"http://127.0.0.1:{settings.web_port}{WEBHOOK_PATH}"


@contextlib.asynccontextmanager
async def running(emulator: EmulatorHarness, settings: Settings) -> AsyncIterator[Runtime]:
    """The runtime serving, from when it has set its webhook with Telegram."""
    runtime = build_runtime(settings)
    stop = asyncio.Event()
    serving = asyncio.create_task(serve(runtime, stop))
    try:
        expected = settings.public_url + WEBHOOK_PATH
        for _ in range(500):
            webhook = emulator.world.updates.webhook
            if (webhook is not None and webhook.url == expected) or serving.done():
                break
            await asyncio.sleep(0.02)
        if serving.done():
            serving.result()
        yield runtime
    finally:
        stop.set()
        await asyncio.wait_for(serving, 15)


async def inbox_rows(database_url: str) -> list[dict[str, Any]]:
    engine = create_engine(database_url)
    try:
        async with unit_of_work_factory(create_session_factory(engine))() as uow:
            found = await uow.session.execute(select(update_inbox_table))
            return [dict(row) for row in found.mappings()]
    finally:
        await engine.dispose()


async def post(
    http: aiohttp.ClientSession, settings: Settings, body: Any, secret: str | None = SECRET
) -> int:
    headers = {"X-Telegram-Bot-Api-Secret-Token": secret} if secret is not None else {}
    data = body if isinstance(body, bytes) else None
    json = None if isinstance(body, bytes) else body
    async with http.post(webhook_url(settings), data=data, json=json, headers=headers) as answer:
        return answer.status


async def test_telegram_delivers_to_the_webhook_and_the_bot_answers(
    emulator: EmulatorHarness, database_url: str
) -> None:
    settings = webhook_settings(emulator, database_url)
    async with running(emulator, settings):  # it set its webhook: Telegram pushes there
        user = await emulator.new_user()
        await user.send("что тут есть?")
        assert MENU_PROMPT in (await user.expect_message()).text
        assert emulator.world.updates.webhook_info().get("last_error_message") is None

    [kept] = await inbox_rows(database_url)
    assert kept["chat_id"] == user.id and kept["handled_at"] is not None


@pytest.mark.parametrize(
    ("public_url", "secret", "webhook"),
    [
        ("https://bot.example.ru", SECRET, True),
        ("http://127.0.0.1:8080", SECRET, True),  # a local Bot API server, a balancer here
        ("http://localhost:8080", SECRET, True),
        ("http://[::1]:8080", SECRET, True),
        ("http://bot.example.ru", SECRET, False),  # Telegram delivers to https only
        ("http://10.0.0.5:8080", SECRET, False),
        ("https://bot.example.ru", None, False),  # no secret: anyone could post updates
    ],
)
def test_webhook_mode_needs_a_secret_and_https_or_this_machine(
    public_url: str, secret: str | None, webhook: bool
) -> None:
    settings = Settings(
        _env_file=None,
        public_url=public_url,
        webhook_secret=SecretStr(secret) if secret else None,
    )
    assert webhook_mode(settings) is webhook


async def test_an_update_posted_again_at_once_and_to_another_worker_is_handled_once(
    emulator: EmulatorHarness, database_url: str
) -> None:
    first = webhook_settings(emulator, database_url)
    second = webhook_settings(emulator, database_url)  # another worker on the same database
    async with running(emulator, first), running(emulator, second):
        await emulator.world.updates.delete_webhook()  # the test plays Telegram's deliveries
        user = await emulator.new_user()
        await user.send("что тут есть?")
        [update] = emulator.world.updates.pending

        async with aiohttp.ClientSession() as http:
            statuses = await asyncio.gather(
                *(post(http, worker, update) for worker in (first, second, first, second))
            )
            when_answered = await inbox_rows(database_url)
            assert statuses == [200, 200, 200, 200]
            assert MENU_PROMPT in (await user.expect_message()).text
            await user.expect_no_message(within=0.5)
            # Answered once handled: it was handled before the last 200 came back.
            [kept] = when_answered
            assert kept["handled_at"] is not None and kept["attempts"] == 1

            for worker in (first, second):  # Telegram retrying later
                assert await post(http, worker, update) == 200
            await user.expect_no_message(within=0.5)

    assert len(await inbox_rows(database_url)) == 1


async def test_a_body_that_is_not_an_update_is_refused_and_logged_without_its_text(
    emulator: EmulatorHarness, database_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    settings = webhook_settings(emulator, database_url)
    secret_text = "мой пароль 12345"
    not_updates: list[tuple[Any, str]] = [
        (f'{{"update_id": 1, "message": "{secret_text}"'.encode(), "JSONDecodeError"),
        ([1, 2, secret_text], "TypeError"),
        ({"message": {"text": secret_text}}, "ValidationError"),  # no update_id
        (b"\xff\xfe" + secret_text.encode(), "UnicodeDecodeError"),
    ]
    update = {
        "update_id": 10,
        "message": {
            "message_id": 1,
            "date": 1_795_000_000,
            "chat": {"id": 5, "type": "private", "first_name": "Анна"},
            "text": secret_text,
        },
    }
    async with running(emulator, settings), aiohttp.ClientSession() as http:
        caplog.set_level(logging.INFO, logger="cabinet.inbox")
        for body, error in not_updates:
            caplog.clear()
            assert await post(http, settings, body) == 400
            [line] = [r for r in caplog.records if r.getMessage() == "webhook body refused"]
            assert line.__dict__["error"] == error
            assert secret_text not in caplog.text

        assert await post(http, settings, update, secret="wrong") == 401
        assert await post(http, settings, update, secret=None) == 401

    assert await inbox_rows(database_url) == []


async def test_a_slow_update_is_answered_at_the_limit_and_finished_after(
    emulator: EmulatorHarness, database_url: str
) -> None:
    settings = webhook_settings(emulator, database_url, webhook_answer_seconds=0.3)
    async with running(emulator, settings):
        await emulator.world.updates.delete_webhook()
        user = await emulator.new_user()
        await user.send("что тут есть?")
        [update] = emulator.world.updates.pending
        # Telegram's flood control holds the reply for a second (the bot waits and sends again).
        await emulator.inject_fault(429, method="sendMessage", chat_id=user.id, retry_after=1)

        async with aiohttp.ClientSession() as http:
            started = time.monotonic()
            assert await post(http, settings, update) == 200
            assert time.monotonic() - started < 0.9
        [kept] = await inbox_rows(database_url)
        assert kept["handled_at"] is None  # kept, still being handled

        assert MENU_PROMPT in (await user.expect_message()).text
        await asyncio.sleep(0.2)
    [kept] = await inbox_rows(database_url)
    assert kept["handled_at"] is not None and kept["attempts"] == 1
