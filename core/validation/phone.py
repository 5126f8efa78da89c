"""Russian phone numbers in the one form the cabinet stores: +7 and 10 digits."""

from __future__ import annotations

import re

from core.validation.errors import InvalidPhone

# Spaces (any Unicode space), hyphens, dots and brackets people put between digits.
_SEPARATORS = re.compile(r"[\s\-.()]")
_ASCII_DIGITS = re.compile(r"[0-9]+")
# Russian numbering: 3xx, 4xx, 8xx geographic and toll-free, 9xx mobile.
_NATIONAL_FIRST_DIGITS = "3489"


def normalize_phone(raw: str, field: str = "phone") -> str:
    """'8 (918) 123-45-67', '+7 918 123 45 67', '79181234567', '9181234567' -> '+79181234567'."""
    compact = _SEPARATORS.sub("", raw)
    has_plus = compact.startswith("+")
    digits = compact[1:] if has_plus else compact
    if not _ASCII_DIGITS.fullmatch(digits):
        raise InvalidPhone(field)
    national = _national_part(digits, has_plus)
    if national is None or national[0] not in _NATIONAL_FIRST_DIGITS:
        raise InvalidPhone(field)
    return "+7" + national


def _national_part(digits: str, has_plus: bool) -> str | None:
    if len(digits) == 11 and (digits[0] == "7" or (digits[0] == "8" and not has_plus)):
        return digits[1:]
    if len(digits) == 10 and not has_plus:
        return digits
    return None
