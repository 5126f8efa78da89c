"""Reading validation as properties: they hold for every meter size and every history."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from core.readings.errors import ReadingBelowLast, TooManyDecimals, TooManyDigits
from core.readings.rules import Usual, check_zone

digits_st = st.integers(min_value=4, max_value=8)
decimals_st = st.integers(min_value=0, max_value=3)


@st.composite
def fitting(draw: st.DrawFn, digits: int, decimals: int) -> Decimal:
    """A value the meter's dial can show."""
    units = draw(st.integers(min_value=0, max_value=10 ** (digits + decimals) - 1))
    return Decimal(units).scaleb(-decimals)


@given(data=st.data(), digits=digits_st, decimals=decimals_st)
def test_a_value_that_fits_and_is_not_below_the_last_is_accepted(
    data: st.DataObject, digits: int, decimals: int
) -> None:
    last = data.draw(fitting(digits, decimals))
    value = data.draw(fitting(digits, decimals))
    assume(value >= last)

    check = check_zone("T", value, last, digits, decimals, usual=None)

    assert check.consumption == value - last
    assert not check.rollover
    assert not check.high_consumption


@st.composite
def past_the_dial(
    draw: st.DrawFn, digits: int, decimals: int, least: float, most: float
) -> tuple[Decimal, Decimal, Decimal]:
    """(last, value, consumption) of a dial that went round: value < last, and the consumption
    value + 10^digits - last is between `least` and `most` of the dial."""
    scale = 10**decimals
    dial_units = 10**digits * scale
    used = draw(
        st.integers(min_value=max(1, int(dial_units * least)), max_value=int(dial_units * most) - 1)
    )
    value = draw(st.integers(min_value=0, max_value=used - 1))
    last = value + dial_units - used
    return (
        Decimal(last).scaleb(-decimals),
        Decimal(value).scaleb(-decimals),
        Decimal(used).scaleb(-decimals),
    )


@given(data=st.data(), digits=digits_st, decimals=decimals_st)
def test_a_rollover_consumes_the_distance_round_the_dial(
    data: st.DataObject, digits: int, decimals: int
) -> None:
    last, value, used = data.draw(past_the_dial(digits, decimals, 0, 0.5))

    check = check_zone("T", value, last, digits, decimals, usual=None)

    assert check.rollover
    assert check.consumption == used == value + 10**digits - last


@given(data=st.data(), digits=digits_st, decimals=decimals_st)
def test_a_value_below_the_last_that_would_use_half_the_dial_is_refused(
    data: st.DataObject, digits: int, decimals: int
) -> None:
    last, value, _used = data.draw(past_the_dial(digits, decimals, 0.5, 1))

    with pytest.raises(ReadingBelowLast) as caught:
        check_zone("T", value, last, digits, decimals, usual=None)

    assert caught.value.params == {"zone": "T", "value": value, "last": last}


@given(
    digits=digits_st,
    decimals=decimals_st,
    extra=st.integers(min_value=0, max_value=10**9),
    last=st.none() | st.integers(min_value=0, max_value=999),
)
def test_a_value_with_more_digits_than_the_dial_is_always_refused(
    digits: int, decimals: int, extra: int, last: int | None
) -> None:
    value = Decimal(10**digits + extra)

    with pytest.raises(TooManyDigits) as caught:
        check_zone("T", value, Decimal(last) if last is not None else None, digits, decimals, None)

    assert caught.value.params["digits"] == digits


@given(digits=digits_st, decimals=decimals_st, units=st.integers(min_value=1, max_value=9))
def test_a_value_with_more_decimals_than_the_dial_is_always_refused(
    digits: int, decimals: int, units: int
) -> None:
    value = Decimal(units).scaleb(-(decimals + 1))

    with pytest.raises(TooManyDecimals):
        check_zone("T", value, None, digits, decimals, None)


def test_trailing_zeros_after_the_comma_are_not_extra_decimals() -> None:
    check = check_zone("T", Decimal("12345.60"), Decimal("12345"), 5, 1, None)

    assert check.consumption == Decimal("0.6")


def test_a_meter_first_reading_has_no_consumption() -> None:
    check = check_zone("T", Decimal("5670"), None, 6, 0, None)

    assert check.consumption is None


@pytest.mark.parametrize(
    ("consumption", "usual", "months", "high"),
    [
        (301, 100, 1, True),  # more than 3x and above the floor
        (300, 50, 1, False),  # 6x, but a small flat's 300 kWh is not worth asking about
        (900, 300, 1, False),  # exactly 3x
        (901, 300, 1, True),
        (901, 300, 3, False),  # three months since the last reading
    ],
)
def test_far_above_the_usual_month_needs_confirmation(
    consumption: int, usual: int, months: int, high: bool
) -> None:
    check = check_zone(
        "T", Decimal(1000 + consumption), Decimal(1000), 6, 0, Usual(Decimal(usual), months)
    )

    assert check.high_consumption is high


def test_a_rollover_far_beyond_the_usual_is_a_typo_not_a_rollover() -> None:
    usual = Usual(monthly=Decimal(100), months=1)

    assert check_zone("T", Decimal(500), Decimal(99_900), 5, 0, usual).rollover
    with pytest.raises(ReadingBelowLast):
        check_zone("T", Decimal(5_000), Decimal(99_900), 5, 0, usual)
