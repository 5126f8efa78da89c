"""What a password must be: at least 6 characters (the cabinet's rule) and not obviously weak."""

from __future__ import annotations

from itertools import pairwise

from core.users.errors import WeakPassword

MIN_PASSWORD_LENGTH = 6
MAX_PASSWORD_LENGTH = 128
# The passwords tried first by anyone guessing; compared lower-cased.
_COMMON = frozenset(
    {
        "123456",
        "1234567",
        "12345678",
        "123456789",
        "1234567890",
        "654321",
        "123123",
        "123321",
        "112233",
        "121212",
        "qwerty",
        "qwerty123",
        "qwertyuiop",
        "йцукен",
        "password",
        "password1",
        "passw0rd",
        "пароль",
        "abc123",
        "abcdef",
        "asdfgh",
        "zxcvbn",
        "1q2w3e",
        "1q2w3e4r",
        "qazwsx",
        "iloveyou",
        "admin123",
    }
)


def check_password_strength(password: str, *, phone: str | None, email: str | None) -> None:
    """Raises `WeakPassword` with the reason the bot explains; returns when the password will do."""
    if len(password) < MIN_PASSWORD_LENGTH:
        _refuse("too_short")
    if len(password) > MAX_PASSWORD_LENGTH:
        _refuse("too_long")
    if len(set(password)) == 1:
        _refuse("one_character")
    lowered = password.lower()
    if lowered in _COMMON or _is_digit_run(password):
        _refuse("common")
    if lowered in _login_forms(phone, email):
        _refuse("equals_login")


def _refuse(reason: str) -> None:
    raise WeakPassword(reason, MIN_PASSWORD_LENGTH)


def _is_digit_run(password: str) -> bool:
    """'234567', '987654': consecutive digits up or down."""
    if not password.isascii() or not password.isdigit():
        return False
    steps = {int(b) - int(a) for a, b in pairwise(password)}
    return steps in ({1}, {-1})


def _login_forms(phone: str | None, email: str | None) -> set[str]:
    forms: set[str] = set()
    if phone:
        forms |= {phone, phone.removeprefix("+"), "8" + phone[2:], phone[2:]}
    if email:
        forms |= {email, email.split("@")[0]}
    return forms
