"""What the readings service hands to front ends."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from core.enums import ReadingStatus


@dataclass(frozen=True, slots=True)
class ZoneView:
    zone: str
    name: str
    last_value: Decimal | None
    last_taken_on: date | None


@dataclass(frozen=True, slots=True)
class MeterView:
    id: int
    account_id: int
    serial: str
    model: str
    digits: int
    decimals: int
    installed_on: date | None
    next_verification_on: date | None
    zones: list[ZoneView]


class WarningCode(StrEnum):
    ROLLOVER = "rollover"
    HIGH_CONSUMPTION = "high_consumption"


@dataclass(frozen=True, slots=True)
class ReadingWarning:
    """Something the customer must look at again and confirm; `usual_kwh` for high consumption."""

    code: WarningCode
    zone: str
    consumption: Decimal
    usual_kwh: Decimal | None = None


@dataclass(frozen=True, slots=True)
class ZonePreview:
    zone: str
    name: str
    previous: Decimal | None
    previous_taken_on: date | None
    value: Decimal
    consumption: Decimal | None
    rollover: bool
    estimated_kopecks: int | None


@dataclass(frozen=True, slots=True)
class SubmissionPreview:
    meter_id: int
    zones: list[ZonePreview]
    warnings: list[ReadingWarning]
    period: str
    outside_window: bool
    window_opens: date
    window_closes: date

    @property
    def needs_confirmation(self) -> bool:
        return bool(self.warnings)

    @property
    def estimated_kopecks(self) -> int | None:
        estimates = [zone.estimated_kopecks for zone in self.zones]
        if any(estimate is None for estimate in estimates):
            return None
        return sum(estimate for estimate in estimates if estimate is not None)


@dataclass(frozen=True, slots=True)
class SubmittedZone:
    zone: str
    name: str
    value: Decimal
    consumption: Decimal | None


@dataclass(frozen=True, slots=True)
class SubmissionResult:
    """`replayed` is True when the submission key had been seen: nothing new was written."""

    submission_key: str
    meter_id: int
    status: ReadingStatus
    period: str
    outside_window: bool
    window_opens: date
    window_closes: date
    zones: list[SubmittedZone]
    replayed: bool = False
