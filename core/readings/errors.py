"""What can be wrong with a reading, in words a front end can translate."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from core.errors import CabinetError

if TYPE_CHECKING:
    from core.readings.views import SubmissionPreview

EXAMPLE_READING = "12345,6"


class MalformedReading(CabinetError):
    code = "malformed_reading"

    def __init__(self, text: str) -> None:
        super().__init__(
            f"{text!r} is not a meter reading; send the digits from the meter, "
            f"e.g. {EXAMPLE_READING}",
            text=text,
            example=EXAMPLE_READING,
        )


class MeterNotFound(CabinetError):
    code = "meter_not_found"

    def __init__(self, meter_id: int) -> None:
        super().__init__(f"No meter {meter_id}", meter_id=meter_id)


class ZonesMismatch(CabinetError):
    code = "zones_mismatch"

    def __init__(
        self, expected: Sequence[str], missing: Sequence[str], unknown: Sequence[str]
    ) -> None:
        super().__init__(
            f"Send all zones of this meter together ({', '.join(expected)}); "
            f"missing: {', '.join(missing) or 'none'}, not on this meter: {', '.join(unknown) or 'none'}",
            expected=list(expected),
            missing=list(missing),
            unknown=list(unknown),
        )


class TooManyDigits(CabinetError):
    code = "reading_too_many_digits"

    def __init__(self, zone: str, value: Decimal, digits: int) -> None:
        super().__init__(
            f"{value} does not fit the meter: it shows at most {digits} digits before the comma",
            zone=zone,
            value=value,
            digits=digits,
        )


class TooManyDecimals(CabinetError):
    code = "reading_too_many_decimals"

    def __init__(self, zone: str, value: Decimal, decimals: int) -> None:
        super().__init__(
            f"{value} does not fit the meter: it shows {decimals} digits after the comma",
            zone=zone,
            value=value,
            decimals=decimals,
        )


class ReadingBelowLast(CabinetError):
    code = "reading_below_last"

    def __init__(self, zone: str, value: Decimal, last: Decimal) -> None:
        super().__init__(
            f"{value} is below the last accepted reading {last}; check the digits on the meter",
            zone=zone,
            value=value,
            last=last,
        )


class ConfirmationRequired(CabinetError):
    """Not a refusal: the customer must look again and confirm (submit with confirmed=True)."""

    code = "confirmation_required"

    def __init__(self, preview: SubmissionPreview) -> None:
        codes = ", ".join(warning.code for warning in preview.warnings)
        super().__init__(f"The reading needs confirmation: {codes}", preview=preview)
        self.preview = preview


class SameDayReadingExists(CabinetError):
    code = "same_day_exists"

    def __init__(self, taken_at: datetime) -> None:
        super().__init__(
            f"Readings of this meter were already sent today at {taken_at.isoformat()}; "
            "send again to replace them",
            taken_at=taken_at,
        )


class SubmissionKeyReused(CabinetError):
    code = "submission_key_reused"

    def __init__(self, submission_key: str) -> None:
        super().__init__(
            f"Submission key {submission_key!r} was already used for another meter",
            submission_key=submission_key,
        )
