"""The emulator's mailbox: a mail sent over real SMTP is read back over real HTTP."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from email.message import EmailMessage

import aiohttp
import aiosmtplib
import pytest
from aiohttp import web

from core.clock import FrozenClock
from emulator.config import EmulatorConfig
from emulator.events import EVENTS_KEY, EventBus
from emulator.kit import EmulatorHarness
from emulator.kit.ports import free_port
from emulator.mailbox import Mailbox, setup_mailbox

RECEIVED_AT = datetime(2026, 11, 26, 9, 30, tzinfo=UTC)


class RunningMailbox:
    def __init__(self, http_url: str, smtp_port: int, events: EventBus) -> None:
        self.http_url = http_url
        self.smtp_port = smtp_port
        self.events = events

    async def send(self, message: EmailMessage) -> None:
        await aiosmtplib.send(message, hostname="127.0.0.1", port=self.smtp_port)

    async def mail(self) -> list[dict[str, object]]:
        async with (
            aiohttp.ClientSession() as http,
            http.get(f"{self.http_url}/_emu/mail") as response,
        ):
            assert response.status == 200
            body = await response.json()
        assert body["ok"] is True
        result: list[dict[str, object]] = body["result"]
        return result


@pytest.fixture
async def mailbox() -> AsyncIterator[RunningMailbox]:
    app = web.Application()
    events = EventBus()
    app[EVENTS_KEY] = events
    smtp_port = free_port()
    setup_mailbox(app, "127.0.0.1", smtp_port, clock=FrozenClock(RECEIVED_AT))
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    http_port = runner.addresses[0][1]
    try:
        yield RunningMailbox(f"http://127.0.0.1:{http_port}", smtp_port, events)
    finally:
        await runner.cleanup()


def cyrillic_mail() -> EmailMessage:
    message = EmailMessage()
    message["From"] = "robot@localhost"
    message["To"] = "Иванов <ivanov@example.ru>"
    message["Subject"] = "Код подтверждения для личного кабинета"
    message.set_content("Ваш код: 4821. Никому его не сообщайте.")
    message.add_alternative("<p>Ваш код: <b>4821</b></p>", subtype="html")
    return message


async def test_a_mail_sent_over_smtp_is_listed_with_cyrillic_subject_and_bodies(
    mailbox: RunningMailbox,
) -> None:
    await mailbox.send(cyrillic_mail())

    assert await mailbox.mail() == [
        {
            "id": 1,
            "from": "robot@localhost",
            "to": ["ivanov@example.ru"],
            "subject": "Код подтверждения для личного кабинета",
            "text": "Ваш код: 4821. Никому его не сообщайте.\n",
            "html": "<p>Ваш код: <b>4821</b></p>\n",
            "received_at": "2026-11-26T09:30:00+00:00",
        }
    ]


async def test_a_plain_text_mail_has_no_html(mailbox: RunningMailbox) -> None:
    message = EmailMessage()
    message["From"] = "robot@localhost"
    message["To"] = "a@example.ru, b@example.ru"
    message["Subject"] = "Квитанция за октябрь"
    message.set_content("Сумма к оплате: 1 234,56 ₽")

    await mailbox.send(message)

    [mail] = await mailbox.mail()
    assert mail["to"] == ["a@example.ru", "b@example.ru"]
    assert mail["text"] == "Сумма к оплате: 1 234,56 ₽\n"
    assert mail["html"] is None


async def test_each_mail_is_published_as_an_event(mailbox: RunningMailbox) -> None:
    received = mailbox.events.listen()

    await mailbox.send(cyrillic_mail())

    event = await asyncio.wait_for(received.get(), timeout=5)
    mailbox.events.forget(received)
    assert event["type"] == "mail"
    assert event["mail"]["subject"] == "Код подтверждения для личного кабинета"


def test_the_mailbox_keeps_only_the_latest_mails() -> None:
    mailbox = Mailbox(FrozenClock(RECEIVED_AT), capacity=3)
    for number in range(1, 6):
        message = EmailMessage()
        message["Subject"] = f"Письмо {number}"
        message.set_content("…")
        mailbox.receive("robot@localhost", ["ivanov@example.ru"], message.as_bytes())

    assert [mail.subject for mail in mailbox.mails] == ["Письмо 3", "Письмо 4", "Письмо 5"]
    assert [mail.id for mail in mailbox.mails] == [3, 4, 5]


async def test_port_zero_disables_smtp_but_keeps_the_listing() -> None:
    app = web.Application()
    setup_mailbox(app, "127.0.0.1", 0)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    try:
        url = f"http://127.0.0.1:{runner.addresses[0][1]}/_emu/mail"
        async with aiohttp.ClientSession() as http, http.get(url) as response:
            assert await response.json() == {"ok": True, "result": []}
    finally:
        await runner.cleanup()


async def test_resetting_the_emulator_forgets_its_mail() -> None:
    config = EmulatorConfig(smtp_port=free_port())
    async with EmulatorHarness(config=config) as emulator:
        await aiosmtplib.send(cyrillic_mail(), hostname="127.0.0.1", port=config.smtp_port)
        assert len(await emulator.control("GET", "/_emu/mail")) == 1

        await emulator.control("POST", "/_emu/reset")

        assert await emulator.control("GET", "/_emu/mail") == []
