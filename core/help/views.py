"""Offices and questions as front ends show them."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class OfficeKind(StrEnum):
    OFFICE = "office"  # a customer service office, with an address to come to
    CONTACT_CENTRE = "contact_centre"  # the phone line for the whole region


@dataclass(frozen=True, slots=True)
class Office:
    code: str
    kind: OfficeKind
    name: str
    address: str
    hours: str
    phone: str
    latitude: float | None
    longitude: float | None

    @property
    def located(self) -> bool:
        return self.latitude is not None and self.longitude is not None


@dataclass(frozen=True, slots=True)
class NearOffice:
    office: Office
    kilometres: float


@dataclass(frozen=True, slots=True)
class Question:
    """One of the common questions, in one language, in the file's order."""

    id: int
    language: str
    question: str
    answer: str
