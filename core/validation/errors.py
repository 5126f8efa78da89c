"""Errors of input that cannot be understood; `field` names what was wrong."""

from __future__ import annotations

from typing import Any

from core.errors import CabinetError


class ValidationError(CabinetError):
    code = "invalid_value"

    def __init__(self, message: str, field: str, **params: Any) -> None:
        super().__init__(message, field=field, **params)
        self.field = field


class InvalidPhone(ValidationError):
    code = "invalid_phone"

    def __init__(self, field: str = "phone") -> None:
        super().__init__("not a Russian phone number (+7 and 10 digits)", field)


class InvalidEmail(ValidationError):
    code = "invalid_email"

    def __init__(self, field: str = "email") -> None:
        super().__init__("not an e-mail address", field)


class InvalidName(ValidationError):
    code = "invalid_name"

    def __init__(self, field: str, max_length: int) -> None:
        super().__init__(
            "a name is letters, spaces, hyphens and apostrophes", field, max_length=max_length
        )


class InvalidDate(ValidationError):
    code = "invalid_date"

    def __init__(self, field: str) -> None:
        super().__init__("not a date (ДД.ММ.ГГГГ)", field)


class InvalidBirthDate(ValidationError):
    code = "invalid_birth_date"

    def __init__(self, field: str, min_age: int, max_age: int) -> None:
        super().__init__(
            f"a birth date gives an age of {min_age} to {max_age}",
            field,
            min_age=min_age,
            max_age=max_age,
        )


class InvalidPostalCode(ValidationError):
    code = "invalid_postal_code"

    def __init__(self, field: str = "postal_code") -> None:
        super().__init__("a postal code is 6 digits", field)


class InvalidChoice(ValidationError):
    code = "invalid_choice"

    def __init__(self, field: str, choices: tuple[str, ...]) -> None:
        super().__init__(f"one of {', '.join(choices)}", field, choices=choices)


class TextTooLong(ValidationError):
    code = "text_too_long"

    def __init__(self, field: str, max_length: int) -> None:
        super().__init__(f"at most {max_length} characters", field, max_length=max_length)


class InvalidText(ValidationError):
    code = "invalid_text"

    def __init__(self, field: str) -> None:
        super().__init__("contains characters that cannot be stored", field)
