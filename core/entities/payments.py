"""Money received for accounts."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from core.entities.entity import Entity


class Payment(Entity):
    """Money received for an account, from any source, with the provider's ids and fiscal data."""

    id: int
    account_id: int
    user_id: int | None
    amount_kopecks: int
    purpose: str
    source: str
    status: str
    paid_at: datetime | None
    external_key: str | None
    provider: str | None
    order_number: str | None
    provider_order_id: str | None
    provider_payment_id: str | None
    receipt_email: str | None
    fiscal: dict[str, Any] | None
    # A payment started here: the meter it is for, the gateway's page, why it failed.
    meter_id: int | None
    form_url: str | None
    failure_reason: str | None
    created_at: datetime
    updated_at: datetime | None
