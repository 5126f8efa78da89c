"""Meter readings."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from core.entities.entity import Entity


class Reading(Entity):
    """One zone's value of a meter at a moment; a submission groups the zones sent together."""

    id: int
    meter_id: int
    zone: str
    value: Decimal
    consumption: Decimal | None
    taken_at: datetime
    period: str  # YYYY-MM the reading counts for
    source: str
    status: str
    reject_reason: str | None
    photo_path: str | None
    submission_key: str | None
    user_id: int | None
    created_at: datetime
