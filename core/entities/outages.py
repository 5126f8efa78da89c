"""Power cuts and what of them customers have been told."""

from __future__ import annotations

from datetime import datetime

from core.entities.entity import Entity


class Outage(Entity):
    """A planned or emergency power cut at a place (locality, street, houses), from the grid
    company's file or posted by staff, and what of it customers have been told."""

    id: int
    external_id: str
    source: str  # import | staff
    kind: str  # planned | emergency
    branch: str
    locality: str
    street: str | None
    houses: str
    locality_key: str
    street_key: str
    starts_at: datetime
    ends_at: datetime
    reason: str | None
    status: str  # active | cancelled | restored | ended
    closed_at: datetime | None
    # What customers were last told: the stage, the times it named, and whether the end (a
    # cancellation, the power back) was told.
    told_stage: str | None
    told_starts_at: datetime | None
    told_ends_at: datetime | None
    told_closed: bool
    created_by: int | None  # the staff member's Telegram id
    created_at: datetime
    updated_at: datetime
