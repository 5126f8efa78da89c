"""The profile's editable fields and how each one's input is understood."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from enum import StrEnum

from core.validation.dates import validate_birth_date
from core.validation.email import normalize_email
from core.validation.errors import InvalidChoice
from core.validation.names import normalize_name
from core.validation.phone import normalize_phone
from core.validation.postal import normalize_postal_code
from core.validation.text import normalize_text


class ProfileField(StrEnum):
    # «Основная анкета»
    LAST_NAME = "last_name"
    FIRST_NAME = "first_name"
    MIDDLE_NAME = "middle_name"
    GENDER = "gender"
    BIRTH_DATE = "birth_date"
    CITIZENSHIP = "citizenship"
    # «Контактная информация»
    REGION = "region"
    POSTAL_CODE = "postal_code"
    LOCALITY = "locality"
    STREET = "street"
    HOUSE = "house"
    LETTER = "letter"
    BUILDING = "building"
    APARTMENT = "apartment"
    INTERCOM = "intercom"
    CONTACT_EMAIL = "contact_email"
    CONTACT_PHONE = "contact_phone"
    # The language of the bot's messages and letters.
    LANGUAGE = "language"


class Gender(StrEnum):
    MALE = "male"
    FEMALE = "female"


LANGUAGES = ("ru", "en")
_GENDER_WORDS = {
    "male": Gender.MALE,
    "m": Gender.MALE,
    "м": Gender.MALE,
    "муж": Gender.MALE,
    "мужской": Gender.MALE,
    "female": Gender.FEMALE,
    "f": Gender.FEMALE,
    "ж": Gender.FEMALE,
    "жен": Gender.FEMALE,
    "женский": Gender.FEMALE,
}

ProfileValue = str | date


def normalize_field(field: ProfileField, value: ProfileValue, today: date) -> str | date:
    """The stored form of a non-empty input; raises a `ValidationError` naming the field."""
    if field is ProfileField.BIRTH_DATE:
        return validate_birth_date(value, today, field.value)
    if isinstance(value, date):
        raise TypeError(f"{field} takes text")
    return _TEXT_NORMALIZERS[field](value)


def _gender(raw: str) -> str:
    gender = _GENDER_WORDS.get(raw.strip().lower().rstrip("."))
    if gender is None:
        raise InvalidChoice(ProfileField.GENDER.value, tuple(Gender))
    return gender.value


def _language(raw: str) -> str:
    language = raw.strip().lower()
    if language not in LANGUAGES:
        raise InvalidChoice(ProfileField.LANGUAGE.value, LANGUAGES)
    return language


def _name(field: ProfileField) -> Callable[[str], str]:
    return lambda raw: normalize_name(raw, field.value)


def _text(field: ProfileField, max_length: int) -> Callable[[str], str]:
    return lambda raw: normalize_text(raw, field.value, max_length)


_TEXT_NORMALIZERS: dict[ProfileField, Callable[[str], str]] = {
    ProfileField.LAST_NAME: _name(ProfileField.LAST_NAME),
    ProfileField.FIRST_NAME: _name(ProfileField.FIRST_NAME),
    ProfileField.MIDDLE_NAME: _name(ProfileField.MIDDLE_NAME),
    ProfileField.GENDER: _gender,
    ProfileField.CITIZENSHIP: _text(ProfileField.CITIZENSHIP, 100),
    ProfileField.REGION: _text(ProfileField.REGION, 100),
    ProfileField.POSTAL_CODE: normalize_postal_code,
    ProfileField.LOCALITY: _text(ProfileField.LOCALITY, 100),
    ProfileField.STREET: _text(ProfileField.STREET, 150),
    ProfileField.HOUSE: _text(ProfileField.HOUSE, 20),
    ProfileField.LETTER: _text(ProfileField.LETTER, 10),
    ProfileField.BUILDING: _text(ProfileField.BUILDING, 10),
    ProfileField.APARTMENT: _text(ProfileField.APARTMENT, 10),
    ProfileField.INTERCOM: _text(ProfileField.INTERCOM, 20),
    ProfileField.CONTACT_EMAIL: lambda raw: normalize_email(raw, "contact_email"),
    ProfileField.CONTACT_PHONE: lambda raw: normalize_phone(raw, "contact_phone"),
    ProfileField.LANGUAGE: _language,
}
