"""What the bot shows of outages: plain values, times as aware datetimes in UTC."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class OutageKind(StrEnum):
    PLANNED = "planned"
    EMERGENCY = "emergency"


class OutageStatus(StrEnum):
    ACTIVE = "active"
    CANCELLED = "cancelled"  # called off before it started
    RESTORED = "restored"  # the power came back
    ENDED = "ended"  # over by its end time, nothing more to tell


class OutageSource(StrEnum):
    IMPORT = "import"
    STAFF = "staff"


@dataclass(frozen=True, slots=True)
class OutageView:
    id: int
    kind: OutageKind
    place: str  # «г. Ессентуки, ул. Терская, д. 1-15»
    starts_at: datetime
    ends_at: datetime
    reason: str | None
    accounts: tuple[str, ...] = ()  # the customer's account numbers it reaches

    def current(self, now: datetime) -> bool:
        return self.starts_at <= now < self.ends_at


@dataclass(frozen=True, slots=True)
class OutageDraft:
    """An outage as staff describe it (or a file's row), before it is kept."""

    kind: OutageKind
    branch: str
    locality: str
    street: str | None
    houses: str
    starts_at: datetime
    ends_at: datetime
    reason: str | None


@dataclass(frozen=True, slots=True)
class Reach:
    accounts: int  # accounts at the place
    customers: int  # customers with one of them linked (those told, unless switched off)


def place_text(locality: str, street: str | None, houses: str) -> str:
    parts = [locality]
    if street:
        parts.append(street)
    if houses.strip().lower() not in {"все", "всё"}:
        parts.append(f"д. {houses}")
    elif street:
        parts.append("все дома")
    return ", ".join(parts)
