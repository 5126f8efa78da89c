"""Amounts typed by customers become kopecks with integer arithmetic only."""

from __future__ import annotations

import pytest

from core.payments.amounts import parse_amount
from core.payments.errors import (
    AmountMalformed,
    AmountNotPositive,
    AmountTooLarge,
    AmountTooManyDecimals,
)

MAX = 500_000_00


@pytest.mark.parametrize(
    ("text", "kopecks"),
    [
        ("949.08", 94_908),
        ("949,08", 94_908),
        ("949", 94_900),
        ("1 000,50", 100_050),
        ("1\u00a0000,5", 100_050),
        ("0.10", 10),
        ("0,29", 29),  # 0.29 * 100 is 28.999… as a float
        ("19.99", 1_999),
        ("1 000 000.07 ₽", 100_000_007),
        ("12 руб", 1_200),
    ],
)
def test_amounts_are_read_as_kopecks(text: str, kopecks: int) -> None:
    assert parse_amount(text, 200_000_000) == kopecks


def test_float_traps_stay_exact() -> None:
    total = sum(parse_amount("19.99", MAX) for _ in range(3))
    assert total == 5_997  # 19.99 * 3 as floats is 59.97000000000001
    assert parse_amount("0.1", MAX) + parse_amount("0.2", MAX) == parse_amount("0.3", MAX)


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("-5", AmountNotPositive),
        ("0", AmountNotPositive),
        ("0,00", AmountNotPositive),
        ("1.005", AmountTooManyDecimals),
        ("сто", AmountMalformed),
        ("12a", AmountMalformed),
        ("", AmountMalformed),
        ("500000.01", AmountTooLarge),
        ("9" * 40, AmountTooLarge),
        ("١٢٣٤", AmountMalformed),  # Arabic-Indic digits: `int()` would read 1234
        ("۱۲۳۴", AmountMalformed),  # Persian
        ("１２３４", AmountMalformed),  # full-width
        ("12,٥٠", AmountMalformed),
    ],
)
def test_bad_amounts_are_refused(text: str, error: type[Exception]) -> None:
    with pytest.raises(error):
        parse_amount(text, MAX)


def test_the_maximum_itself_is_allowed() -> None:
    assert parse_amount("500 000", MAX) == MAX
