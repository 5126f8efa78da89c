"""Free text fields (street, house, region, ...): trimmed, one space between words, bounded."""

from __future__ import annotations

from core.validation.errors import InvalidText, TextTooLong


def normalize_text(raw: str, field: str, max_length: int) -> str:
    text = " ".join(raw.split())
    if not text.isprintable():
        raise InvalidText(field)
    if len(text) > max_length:
        raise TextTooLong(field, max_length)
    return text
