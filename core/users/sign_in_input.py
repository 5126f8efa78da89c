"""What a person types while signing in, checked before it costs a try: a login, a mailed code."""

from __future__ import annotations

import re

from core.codes import CODE_DIGITS
from core.validation.email import normalize_email
from core.validation.errors import ValidationError
from core.validation.phone import normalize_phone

# People copy codes with the spaces or dashes a mail client shows between groups of digits.
_CODE_SEPARATORS = re.compile(r"[\s\-]")


class InvalidLogin(ValidationError):
    code = "invalid_login"

    def __init__(self) -> None:
        super().__init__("a login is a Russian phone number or an e-mail address", "login")


class InvalidCodeFormat(ValidationError):
    code = "invalid_code_format"

    def __init__(self) -> None:
        super().__init__(f"a code is {CODE_DIGITS} digits", "code", digits=CODE_DIGITS)


def normalize_login(raw: str) -> str:
    """An e-mail when it has an @, a phone otherwise, in the form the cabinet stores."""
    try:
        if "@" in raw:
            return normalize_email(raw, "login")
        return normalize_phone(raw, "login")
    except ValidationError as error:
        raise InvalidLogin() from error


def clean_code(raw: str) -> str:
    """'123 456' -> '123456'; anything but the code's digits is refused without using a try."""
    code = _CODE_SEPARATORS.sub("", raw)
    if len(code) != CODE_DIGITS or not code.isascii() or not code.isdigit():
        raise InvalidCodeFormat()
    return code
