"""What people type into the profile: e-mails, names, dates, postal codes, free text."""

from __future__ import annotations

from datetime import date

import pytest

from core.validation.dates import age_on, parse_date, validate_birth_date
from core.validation.email import normalize_email
from core.validation.errors import (
    InvalidBirthDate,
    InvalidDate,
    InvalidEmail,
    InvalidName,
    InvalidPostalCode,
    InvalidText,
    TextTooLong,
)
from core.validation.names import normalize_name
from core.validation.postal import normalize_postal_code
from core.validation.text import normalize_text

TODAY = date(2026, 3, 16)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  Ivan.Petrov@Mail.RU ", "ivan.petrov@mail.ru"),
        ("a+tag@sub.example.com", "a+tag@sub.example.com"),
        ("иван@почта.рф", None),  # Cyrillic local part: not a mailbox the relays accept
        ("ivan@почта.рф", "ivan@почта.рф"),
    ],
)
def test_emails_are_trimmed_and_lower_cased(raw: str, expected: str | None) -> None:
    if expected is None:
        with pytest.raises(InvalidEmail):
            normalize_email(raw)
    else:
        assert normalize_email(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "ivan",
        "ivan@",
        "@mail.ru",
        "ivan@mail",
        "ivan@@mail.ru",
        "ivan @mail.ru",
        "ivan..petrov@mail.ru",
        ".ivan@mail.ru",
        "ivan@-mail.ru",
        "ivan@mail.r",
        "ivan@mail.123",
        "x" * 65 + "@mail.ru",
        "ivan@" + "a" * 250 + ".ru",
    ],
)
def test_what_is_not_an_email_is_refused(raw: str) -> None:
    with pytest.raises(InvalidEmail):
        normalize_email(raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  Иванов ", "Иванов"),
        ("Салтыков-Щедрин", "Салтыков-Щедрин"),
        ("Анна  Мария", "Анна Мария"),
        ("O'Neil", "O'Neil"),
        ("Ёлкина", "Ёлкина"),
    ],
)
def test_names_keep_their_letters_and_lose_extra_spaces(raw: str, expected: str) -> None:
    assert normalize_name(raw, "last_name") == expected


@pytest.mark.parametrize(
    "raw", ["", "Иванов2", "Иван_ов", "-Иванов", "Иванов-", "Ив--анов", "<b>", "Я" * 101]
)
def test_names_with_digits_or_symbols_are_refused(raw: str) -> None:
    with pytest.raises(InvalidName) as caught:
        normalize_name(raw, "first_name")
    assert caught.value.field == "first_name"


@pytest.mark.parametrize(
    "raw", ["01.02.1990", "1.2.1990", "01/02/1990", "01-02-1990", "1990-02-01"]
)
def test_dates_in_the_usual_forms(raw: str) -> None:
    assert parse_date(raw, "birth_date") == date(1990, 2, 1)


@pytest.mark.parametrize("raw", ["31.02.1990", "1990", "01.13.1990", "вчера", "01.02.90", ""])
def test_what_is_not_a_date_is_refused(raw: str) -> None:
    with pytest.raises(InvalidDate):
        parse_date(raw, "birth_date")


@pytest.mark.parametrize(
    ("born", "accepted"),
    [
        (date(2012, 3, 16), True),  # 14 today
        (date(2012, 3, 17), False),  # 14 tomorrow
        (date(1906, 3, 16), True),  # 120 today
        (date(1905, 3, 16), False),  # 121
        (date(2027, 1, 1), False),  # not born yet
        (TODAY, False),
    ],
)
def test_a_birth_date_gives_an_age_of_14_to_120(born: date, accepted: bool) -> None:
    if accepted:
        assert validate_birth_date(born, TODAY) == born
    else:
        with pytest.raises(InvalidBirthDate):
            validate_birth_date(born, TODAY)


def test_a_leap_day_birthday_comes_on_the_first_of_march() -> None:
    assert age_on(date(2000, 2, 29), date(2014, 2, 28)) == 13
    assert age_on(date(2000, 2, 29), date(2014, 3, 1)) == 14


@pytest.mark.parametrize(("raw", "expected"), [("355000", "355000"), (" 355 000 ", "355000")])
def test_postal_codes_are_six_digits(raw: str, expected: str) -> None:
    assert normalize_postal_code(raw) == expected


@pytest.mark.parametrize("raw", ["35500", "3550001", "35500O", "", "３５５０００"])
def test_other_postal_codes_are_refused(raw: str) -> None:
    with pytest.raises(InvalidPostalCode):
        normalize_postal_code(raw)


def test_free_text_is_trimmed_bounded_and_printable() -> None:
    assert normalize_text("  ул.   Ленина ", "street", 150) == "ул. Ленина"
    with pytest.raises(TextTooLong):
        normalize_text("д" * 21, "house", 20)
    with pytest.raises(InvalidText):
        normalize_text("12\x00", "house", 20)
