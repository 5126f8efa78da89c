"""Meters (приборы учёта) of accounts."""

from __future__ import annotations

from datetime import date

from core.entities.entity import Entity


class Meter(Entity):
    """A meter (прибор учёта) of an account; zones are "T", "T1;T2" or "T1;T2;T3"."""

    id: int
    account_id: int
    serial: str
    model: str
    digits: int
    decimals: int
    zones: str
    installed_on: date | None
    next_verification_on: date | None
