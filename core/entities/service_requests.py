"""Orders of services (замена счётчика, поверка, ...)."""

from __future__ import annotations

from datetime import date, datetime

from core.entities.entity import Entity


class ServiceRequest(Entity):
    """An order of a service (замена счётчика, поверка, опломбировка, ...)."""

    id: int
    user_id: int
    account_id: int | None  # None: a contract for someone who has no account yet
    meter_id: int | None  # the meter it is for («Заменить счётчик» on an account's card)
    # A contract without an account: where, in whose name, and the phone to call back.
    address: str | None
    holder_name: str | None
    contact_phone: str | None
    service: str
    preferred_date: date | None
    comment: str | None
    status: str
    status_reason: str | None
    scheduled_on: date | None
    decided_by: int | None
    staff_message_id: int | None
    created_at: datetime
    updated_at: datetime
