"""The emulator's mailbox: an SMTP server that keeps the mails it receives, for people and tests.

The SMTP server (aiosmtpd's protocol) runs on the app's own event loop, so catching a mail,
storing it and publishing the `mail` event happen on one thread with no locking.
"""

from __future__ import annotations

import asyncio
import email
import email.policy
import itertools
from collections import deque
from collections.abc import AsyncIterator, Callable
from contextlib import suppress
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from typing import Any

from aiohttp import web
from aiosmtpd.smtp import SMTP, Envelope, Session

from emulator.clock import Clock, SystemClock
from emulator.events import EVENTS_KEY, SHUTDOWN

MAILBOX_CAPACITY = 500
SMTP_HOSTNAME = "emulator.localhost"


@dataclass(frozen=True, slots=True)
class Mail:
    id: int
    sender: str
    recipients: tuple[str, ...]
    subject: str
    text: str
    html: str | None
    received_at: datetime

    def to_json(self) -> dict[str, Any]:
        """The shape of `GET /_emu/mail` (see CONTROL_API.md)."""
        return {
            "id": self.id,
            "from": self.sender,
            "to": list(self.recipients),
            "subject": self.subject,
            "text": self.text,
            "html": self.html,
            "received_at": self.received_at.isoformat(),
        }


class Mailbox:
    """The last `capacity` mails received, oldest first; tells listeners about each new one."""

    def __init__(self, clock: Clock, capacity: int = MAILBOX_CAPACITY) -> None:
        self._clock = clock
        self._mails: deque[Mail] = deque(maxlen=capacity)
        self._ids = itertools.count(1)
        self._listeners: list[Callable[[Mail], None]] = []

    @property
    def mails(self) -> list[Mail]:
        return list(self._mails)

    def on_mail(self, listener: Callable[[Mail], None]) -> None:
        self._listeners.append(listener)

    def receive(self, sender: str, recipients: list[str], content: bytes) -> Mail:
        message = email.message_from_bytes(content, policy=email.policy.default)
        assert isinstance(message, EmailMessage)  # the default policy always builds one
        mail = Mail(
            id=next(self._ids),
            sender=sender,
            recipients=tuple(recipients),
            subject=str(message.get("Subject", "")),
            text=_body_text(message, "plain") or "",
            html=_body_text(message, "html"),
            received_at=self._clock.now(),
        )
        self._mails.append(mail)
        for listener in self._listeners:
            listener(mail)
        return mail

    def clear(self) -> None:
        self._mails.clear()


def _body_text(message: EmailMessage, subtype: str) -> str | None:
    part = message.get_body(preferencelist=(subtype,))
    if part is None or part.get_content_subtype() != subtype:
        return None
    content = part.get_content()
    if not isinstance(content, str):
        return None
    return content.replace("\r\n", "\n")  # SMTP carries CRLF; people and tests read lines


class _MailboxHandler:
    """aiosmtpd's handler protocol: accept every recipient, store every message."""

    def __init__(self, mailbox: Mailbox) -> None:
        self._mailbox = mailbox

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        content = envelope.original_content or b""
        self._mailbox.receive(envelope.mail_from or "", list(envelope.rcpt_tos), content)
        return "250 Message accepted for delivery"


MAILBOX_KEY = web.AppKey("emulator_mailbox", Mailbox)


async def _list_mail(request: web.Request) -> web.Response:
    mails = request.app[MAILBOX_KEY].mails
    return web.json_response({"ok": True, "result": [mail.to_json() for mail in mails]})


def _smtp_server_context(
    smtp_host: str, smtp_port: int
) -> Callable[[web.Application], AsyncIterator[None]]:
    async def run_smtp_server(app: web.Application) -> AsyncIterator[None]:
        mailbox = app[MAILBOX_KEY]
        loop = asyncio.get_running_loop()
        server = await loop.create_server(
            lambda: SMTP(
                _MailboxHandler(mailbox),
                hostname=SMTP_HOSTNAME,
                enable_SMTPUTF8=True,
                loop=loop,
            ),
            host=smtp_host,
            port=smtp_port,
        )
        try:
            yield
        finally:
            server.close()
            await server.wait_closed()

    return run_smtp_server


async def _forget_mail_on_reset(app: web.Application) -> AsyncIterator[None]:
    """`POST /_emu/reset` forgets the whole world, its mail included."""
    events = app.get(EVENTS_KEY)
    if events is None:
        yield
        return
    received = events.listen()

    async def watch() -> None:
        while (event := await received.get()) is not SHUTDOWN:
            if event.get("type") == "reset":
                app[MAILBOX_KEY].clear()

    watcher = asyncio.create_task(watch())
    try:
        yield
    finally:
        watcher.cancel()
        with suppress(asyncio.CancelledError):
            await watcher
        events.forget(received)


def _publish_to_event_bus(app: web.Application) -> Callable[[Mail], None]:
    def publish(mail: Mail) -> None:
        events = app.get(EVENTS_KEY)
        if events is not None:
            events.publish({"type": "mail", "mail": mail.to_json()})

    return publish


def setup_mailbox(
    app: web.Application, smtp_host: str, smtp_port: int, clock: Clock | None = None
) -> None:
    """Catch mail on `smtp_host:smtp_port` (port 0 disables SMTP) and list it at `GET /_emu/mail`.

    The mailbox itself is `app[MAILBOX_KEY]`; each new mail is published on the event bus as
    `{"type": "mail", "mail": {...}}` (the listing's shape).
    """
    mailbox = Mailbox(clock or SystemClock())
    mailbox.on_mail(_publish_to_event_bus(app))
    app[MAILBOX_KEY] = mailbox
    app.router.add_get("/_emu/mail", _list_mail)
    app.cleanup_ctx.append(_forget_mail_on_reset)
    if smtp_port:
        app.cleanup_ctx.append(_smtp_server_context(smtp_host, smtp_port))
