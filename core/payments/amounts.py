"""An amount typed by a customer ("949.08", "949,08", "1 000,50", "949 ₽") as kopecks."""

from __future__ import annotations

import re

from core.payments.errors import (
    AmountMalformed,
    AmountNotPositive,
    AmountTooLarge,
    AmountTooManyDecimals,
)
from core.settings import Settings

_SPACES = re.compile(r"[\s\u00a0\u202f]+")
# ASCII digits only: `\d` and `int()` also take other scripts' digits ("١٢٣٤"), which nobody
# types here on purpose and which would be read as an amount the customer did not see.
_AMOUNT = re.compile(r"(-?)([0-9]+)(?:[.,]([0-9]*))?")
_CURRENCY = ("₽", "руб.", "руб", "р.", "р", "rub")


def max_payment_kopecks(settings: Settings) -> int:
    """The most one payment may be (`PAYMENT_MAX_RUB`)."""
    return settings.payment_max_rub * 100


def parse_amount(text: str, max_kopecks: int) -> int:
    """Whole roubles and up to two digits of kopecks; positive and at most `max_kopecks`.
    Integer arithmetic only: "0.10" is 10 kopecks, never 9.999…"""
    cleaned = _SPACES.sub("", text).lower()
    for suffix in _CURRENCY:
        if cleaned.endswith(suffix):
            cleaned = cleaned.removesuffix(suffix)
            break
    found = _AMOUNT.fullmatch(cleaned)
    if found is None:
        raise AmountMalformed(text.strip())
    sign, whole, fraction = found.group(1), found.group(2), found.group(3) or ""
    if len(fraction) > 2:
        raise AmountTooManyDecimals(text.strip())
    if len(whole) > 15:
        raise AmountTooLarge(max_kopecks)
    kopecks = int(whole) * 100 + int(fraction.ljust(2, "0"))
    if sign or kopecks <= 0:
        raise AmountNotPositive()
    if kopecks > max_kopecks:
        raise AmountTooLarge(max_kopecks)
    return kopecks
