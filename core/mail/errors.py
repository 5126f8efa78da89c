from __future__ import annotations

from core.errors import CabinetError


class MailNotSent(CabinetError):
    """The mail relay refused the letter or could not be reached; asking again later may work."""

    code = "mail_not_sent"

    def __init__(self, reason: str) -> None:
        super().__init__(f"mail not sent: {reason}")
