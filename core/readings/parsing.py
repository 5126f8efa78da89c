"""Reading what people type as a meter value: "12345", "12 345", "12345,6", "12345.6 кВт*ч"."""

from __future__ import annotations

import re
from decimal import Decimal

from core.readings.errors import MalformedReading

# Thousands may be grouped by a space, a no-break space or a thin space, as phones insert them.
_NUMBER = r"(?P<whole>[0-9]{1,3}(?:[ \u00a0\u202f][0-9]{3})+|[0-9]+)(?:[.,](?P<fraction>[0-9]+))?"
_UNIT = r"(?:квт\s*[*·×.]?\s*ч|квт|kw\s*[*·×.]?\s*h|kwh|kw)\.?"
_READING = re.compile(rf"{_NUMBER}\s*(?:{_UNIT})?", re.IGNORECASE)
_MAX_LENGTH = 40


def parse_value(text: str) -> Decimal:
    """The reading as an exact Decimal; anything else is a MalformedReading carrying an example."""
    stripped = text.strip()
    match = _READING.fullmatch(stripped) if len(stripped) <= _MAX_LENGTH else None
    if match is None:
        raise MalformedReading(text)
    whole = re.sub(r"[^0-9]", "", match["whole"])
    fraction = match["fraction"]
    return Decimal(f"{whole}.{fraction}" if fraction else whole)
