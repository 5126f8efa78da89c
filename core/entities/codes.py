"""One-time codes mailed to confirm an e-mail, sign in or reset a password."""

from __future__ import annotations

from datetime import datetime

from core.entities.entity import Entity


class VerificationCode(Entity):
    """A one-time code mailed to confirm an e-mail, sign in or reset a password."""

    id: int
    purpose: str
    target: str
    user_id: int | None
    code_hash: str
    attempts: int
    expires_at: datetime
    consumed_at: datetime | None
    created_at: datetime
