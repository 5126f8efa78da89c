"""Every way people write a Russian number becomes +7XXXXXXXXXX; anything else is refused."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.validation.errors import InvalidPhone
from core.validation.phone import normalize_phone

national_numbers = st.builds(
    lambda first, rest: first + rest,
    st.sampled_from("3489"),
    st.text(alphabet="0123456789", min_size=9, max_size=9),
)
separators = st.sampled_from(["", " ", "-", ".", "\u00a0", " - "])


@st.composite
def formatted(draw: st.DrawFn, national: str) -> str:
    prefix = draw(st.sampled_from(["+7", "7", "8", "", "+7 ", "8 "]))
    code, rest = national[:3], national[3:]
    if draw(st.booleans()):
        code = f"({code})"
    written = [prefix, code]
    for digit in rest:
        written.append(draw(separators))
        written.append(digit)
    padding = draw(st.sampled_from(["", " ", "  "]))
    return padding + "".join(written) + padding


@given(st.data(), national_numbers)
def test_every_formatting_of_a_number_normalises_to_the_same_value(
    data: st.DataObject, national: str
) -> None:
    assert normalize_phone(data.draw(formatted(national))) == "+7" + national


@given(st.text())
def test_whatever_normalises_is_a_russian_number_made_of_the_digits_typed(raw: str) -> None:
    try:
        phone = normalize_phone(raw)
    except InvalidPhone:
        return
    assert re.fullmatch(r"\+7[3489][0-9]{9}", phone)
    typed_digits = "".join(ch for ch in raw if ch in "0123456789")
    assert typed_digits.endswith(phone[2:])


@given(
    st.text(min_size=1).filter(lambda t: any(ch.isalpha() for ch in t)),
    national_numbers,
)
def test_a_number_with_letters_never_normalises(garbage: str, national: str) -> None:
    with pytest.raises(InvalidPhone):
        normalize_phone("8" + national + garbage)


@given(st.text(alphabet="0123456789", max_size=20).filter(lambda d: len(d) not in (10, 11)))
def test_too_few_or_too_many_digits_never_normalise(digits: str) -> None:
    with pytest.raises(InvalidPhone):
        normalize_phone(digits)


@pytest.mark.parametrize(
    "raw", ["8 (918) 123-45-67", "+7 918 123 45 67", "79181234567", "9181234567", "+7(918)1234567"]
)
def test_the_usual_forms(raw: str) -> None:
    assert normalize_phone(raw) == "+79181234567"


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "+",
        "+8 918 123 45 67",  # 8 is the trunk prefix, never a country code
        "+1 918 123 45 67",
        "8 (018) 123-45-67",  # no Russian number starts with 0
        "918 123 45 6",
        "8 918 123 45 678",
        "+7 918 123 45 67 доб. 2",
        "8-918-123-45-6７",  # a full-width digit
        "79181234567+",
    ],
)
def test_what_is_not_a_number_is_refused(raw: str) -> None:
    with pytest.raises(InvalidPhone):
        normalize_phone(raw)


@pytest.mark.parametrize("raw", ["8 8652 12-34-56", "8652 12-34-56", "+7 (8652) 123456"])
def test_a_stavropol_landline_with_or_without_the_trunk_prefix(raw: str) -> None:
    assert normalize_phone(raw) == "+78652123456"
