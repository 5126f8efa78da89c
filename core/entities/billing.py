"""Charges (начисления) as billing reports them."""

from __future__ import annotations

from decimal import Decimal

from core.entities.entity import Entity


class Charge(Entity):
    """What billing charged an account for a service in a period (начисление)."""

    id: int
    account_id: int
    period: str
    service: str
    consumption_kwh: Decimal | None
    tariff_rub: Decimal | None
    amount_kopecks: int
