"""Personal accounts, users' links to them, and the tries at linking by ЕЛС."""

from __future__ import annotations

from datetime import datetime

from core.entities.entity import Entity


class Account(Entity):
    """A personal account (лицевой счёт) as billing knows it."""

    id: int
    number: str
    els: str | None
    branch: str
    locality: str
    street: str | None
    house: str | None
    letter: str | None
    building: str | None
    apartment: str | None
    holder_name: str
    tariff: str
    # The address as outages match it (core.outages.address), kept in step with the columns
    # above by whoever writes them: the billing import, and `_address_keys` for ORM writes.
    addr_locality: str | None
    addr_street: str | None
    addr_house: int | None
    addr_house_suffix: str | None


class AccountLink(Entity):
    """A user's claim on an account: active at once by ЕЛС, or pending a staff review by photo."""

    id: int
    user_id: int
    account_id: int
    status: str
    method: str
    photo_path: str | None
    reviewed_by: int | None
    reviewed_at: datetime | None
    reject_reason: str | None
    created_at: datetime


class LinkAttempt(Entity):
    """A try at linking by ЕЛС, kept to limit guessing per user and to watch it per account."""

    id: int
    user_id: int
    account_id: int | None
    succeeded: bool
    created_at: datetime


class LinkGuessingAlert(Entity):
    """When staff were last told that many people miss an account's ЕЛС (once an hour at most)."""

    account_id: int
    alerted_at: datetime
