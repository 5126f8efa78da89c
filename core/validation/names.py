"""Personal names (фамилия, имя, отчество): letters joined by single spaces, hyphens, apostrophes."""

from __future__ import annotations

import re

from core.validation.errors import InvalidName

MAX_NAME_LENGTH = 100
# A word of letters (no digits, no underscore), then more words after one joiner each.
_NAME = re.compile(r"[^\W\d_]+(?:(?: |-|'|’)[^\W\d_]+)*")


def normalize_name(raw: str, field: str) -> str:
    """'  анна-мария ' -> 'анна-мария' (the case is the person's choice); runs of spaces become one."""
    name = " ".join(raw.split())
    if len(name) > MAX_NAME_LENGTH or not _NAME.fullmatch(name):
        raise InvalidName(field, MAX_NAME_LENGTH)
    return name
