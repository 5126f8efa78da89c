from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.readings.errors import MalformedReading
from core.readings.parsing import parse_value


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("12345", "12345"),
        ("12 345", "12345"),
        ("12\u00a0345", "12345"),
        ("1 234 567", "1234567"),
        ("12345,6", "12345.6"),
        ("12345.6", "12345.6"),
        ("12345.6 кВт*ч", "12345.6"),
        ("12345 квт", "12345"),
        ("12345 кВт·ч", "12345"),
        ("12345 квт.ч.", "12345"),
        ("12345kWh", "12345"),
        ("12345 KWH", "12345"),
        ("  00123  ", "123"),
    ],
)
def test_the_usual_ways_of_writing_a_reading_are_understood(text: str, value: str) -> None:
    assert parse_value(text) == Decimal(value)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "abc",
        "-12345",
        "12345-",
        "12,345,6",
        "1 2345",
        "12345 литров",
        "1e5",
        "١٢٣",
        "12.",
        ".5",
        "12345 квт 7",
    ],
)
def test_anything_else_is_refused_with_an_example(text: str) -> None:
    with pytest.raises(MalformedReading) as caught:
        parse_value(text)

    assert caught.value.code == "malformed_reading"
    assert caught.value.params["example"] == "12345,6"
    assert parse_value(caught.value.params["example"]) == Decimal("12345.6")


def grouped(whole: int, separator: str) -> str:
    return f"{whole:,}".replace(",", separator)


@given(
    whole=st.integers(min_value=0, max_value=10**11 - 1),
    fraction=st.none() | st.text(alphabet="0123456789", min_size=1, max_size=3),
    separator=st.sampled_from(["", " ", "\u00a0", "\u202f"]),
    comma=st.sampled_from([",", "."]),
    unit=st.sampled_from(["", " кВт*ч", " квт", "kWh", " кВтч"]),
)
def test_a_formatted_number_reads_back_as_itself(
    whole: int, fraction: str | None, separator: str, comma: str, unit: str
) -> None:
    text = grouped(whole, separator) if separator else str(whole)
    if fraction is not None:
        text += comma + fraction
    expected = Decimal(f"{whole}.{fraction}" if fraction is not None else str(whole))

    assert parse_value(text + unit) == expected
