"""Fixtures of the users' tests: a frozen clock, fast argon2, and a real SMTP server."""

from __future__ import annotations

import email
import email.policy
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session
from argon2 import PasswordHasher

from core.clock import FrozenClock
from core.mail.smtp import SmtpMailer
from core.passwords import Passwords
from core.users.telegram_login import TelegramLogin
from emulator.kit.ports import free_port

START = datetime(2026, 3, 16, 9, 0, tzinfo=UTC)
SENDER = "robot@lk.staves.ru"
_CODE = re.compile(r"\b(\d{6})\b")


@dataclass(frozen=True, slots=True)
class CaughtMail:
    sender: str
    to: tuple[str, ...]
    subject: str
    text: str
    html: str | None

    @property
    def code(self) -> str:
        match = _CODE.search(self.text)
        assert match, f"no code in {self.text!r}"
        return match.group(1)


class Inbox:
    """An aiosmtpd handler keeping every letter; SMTP answers 250 only after it is kept."""

    def __init__(self) -> None:
        self.mails: list[CaughtMail] = []

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        assert isinstance(envelope.content, bytes)
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        text = message.get_body(("plain",))
        html = message.get_body(("html",))
        self.mails.append(
            CaughtMail(
                sender=str(message["From"]),
                to=tuple(envelope.rcpt_tos),
                subject=str(message["Subject"]),
                text=text.get_content() if text else "",
                html=html.get_content() if html else None,
            )
        )
        return "250 Message accepted for delivery"

    def last_to(self, address: str) -> CaughtMail:
        mails = [mail for mail in self.mails if address in mail.to]
        assert mails, f"no mail to {address}"
        return mails[-1]


@pytest.fixture(scope="session")
def smtp_server() -> Iterator[tuple[Inbox, int]]:
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


@pytest.fixture
def inbox(smtp_server: tuple[Inbox, int]) -> Inbox:
    server_inbox, _port = smtp_server
    server_inbox.mails.clear()
    return server_inbox


@pytest.fixture
def mailer(smtp_server: tuple[Inbox, int]) -> SmtpMailer:
    _inbox, port = smtp_server
    return SmtpMailer("127.0.0.1", port, SENDER, timeout=5)


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(START)


@pytest.fixture(scope="session")
def passwords() -> Passwords:
    """argon2id with small parameters: the same code path, a fraction of the time."""
    return Passwords(PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


@pytest.fixture
def telegram() -> TelegramLogin:
    return TelegramLogin(
        telegram_user_id=500100, chat_id=500100, username="ivan", language_code="ru"
    )
