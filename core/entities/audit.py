"""The account history (История аккаунта): what a user did and when."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from core.entities.entity import Entity


class AuditEvent(Entity):
    """«История аккаунта»: what a user did and when."""

    id: int
    user_id: int | None
    account_id: int | None
    action: str
    details: dict[str, Any] | None
    created_at: datetime
