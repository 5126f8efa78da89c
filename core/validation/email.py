"""E-mail addresses, lower-cased so that one mailbox is one login."""

from __future__ import annotations

import re

from core.validation.errors import InvalidEmail

MAX_EMAIL_LENGTH = 254
MAX_LOCAL_LENGTH = 64
_LOCAL_PART = re.compile(r"[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*")
_ASCII_LABEL = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?")
_TOP_LEVEL = re.compile(r"[a-z]{2,63}|xn--[a-z0-9-]{1,59}")


def normalize_email(raw: str, field: str = "email") -> str:
    """'  Ivan.Petrov@Mail.RU ' -> 'ivan.petrov@mail.ru'; Cyrillic domains (почта.рф) are kept."""
    address = raw.strip().lower()
    if len(address) > MAX_EMAIL_LENGTH or address.count("@") != 1:
        raise InvalidEmail(field)
    local, domain = address.split("@")
    if len(local) > MAX_LOCAL_LENGTH or not _LOCAL_PART.fullmatch(local):
        raise InvalidEmail(field)
    if not _is_domain(domain):
        raise InvalidEmail(field)
    return address


def _is_domain(domain: str) -> bool:
    try:
        ascii_domain = domain.encode("idna").decode("ascii")
    except UnicodeError:
        return False
    labels = ascii_domain.split(".")
    if len(labels) < 2 or len(ascii_domain) > 253:
        return False
    return all(_ASCII_LABEL.fullmatch(label) for label in labels) and bool(
        _TOP_LEVEL.fullmatch(labels[-1])
    )
