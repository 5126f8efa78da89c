"""«Помощь»: the offices and the common questions, as the company's files give them."""

from __future__ import annotations

from decimal import Decimal

from core.entities.entity import Entity


class OfficeRecord(Entity):
    """An office or the contact centre, in the offices file's order."""

    id: int
    code: str
    position: int
    kind: str  # office | contact_centre
    name: str
    address: str
    hours: str
    phone: str
    latitude: Decimal | None
    longitude: Decimal | None


class FaqEntry(Entity):
    """A common question and its answer in one language, in the FAQ file's order."""

    id: int
    position: int
    language: str
    question: str
    answer: str
