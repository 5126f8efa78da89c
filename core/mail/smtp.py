"""`Mailer` over SMTP (aiosmtplib): plain text, with an HTML alternative when given."""

from __future__ import annotations

from email.message import EmailMessage
from email.utils import formatdate, make_msgid

import aiosmtplib

from core.mail.errors import MailNotSent

DEFAULT_TIMEOUT_SECONDS = 30.0


class SmtpMailer:
    def __init__(
        self,
        host: str,
        port: int,
        sender: str,
        *,
        timeout: float = DEFAULT_TIMEOUT_SECONDS,
    ) -> None:
        self._host = host
        self._port = port
        self._sender = sender
        self._timeout = timeout

    async def send(self, to: str, subject: str, text: str, html: str | None = None) -> None:
        message = self._compose(to, subject, text, html)
        try:
            await aiosmtplib.send(
                message, hostname=self._host, port=self._port, timeout=self._timeout
            )
        except (aiosmtplib.SMTPException, OSError) as error:
            raise MailNotSent(type(error).__name__) from error

    def _compose(self, to: str, subject: str, text: str, html: str | None) -> EmailMessage:
        message = EmailMessage()
        message["From"] = self._sender
        message["To"] = to
        message["Subject"] = subject
        message["Date"] = formatdate(localtime=False)
        message["Message-ID"] = make_msgid(domain=self._sender.rpartition("@")[2] or None)
        message.set_content(text)
        if html is not None:
            message.add_alternative(html, subtype="html")
        return message
