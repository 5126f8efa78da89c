"""What the cabinet needs from a mail service."""

from __future__ import annotations

from typing import Protocol


class Mailer(Protocol):
    async def send(self, to: str, subject: str, text: str, html: str | None = None) -> None:
        """Delivers one letter to the relay or raises `MailNotSent`."""
        ...
