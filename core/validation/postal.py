"""Russian postal codes (индекс): six digits."""

from __future__ import annotations

import re

from core.validation.errors import InvalidPostalCode

_POSTAL_CODE = re.compile(r"[0-9]{6}")


def normalize_postal_code(raw: str, field: str = "postal_code") -> str:
    """'355 000' -> '355000'."""
    code = "".join(raw.split())
    if not _POSTAL_CODE.fullmatch(code):
        raise InvalidPostalCode(field)
    return code
