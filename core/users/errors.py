"""Errors of registration, sign-in, codes and profile; the bot maps each `code` to a text."""

from __future__ import annotations

from datetime import datetime

from core.errors import CabinetError


class UserNotFound(CabinetError):
    code = "user_not_found"

    def __init__(self) -> None:
        super().__init__("no such user")


class NotSignedIn(CabinetError):
    code = "not_signed_in"

    def __init__(self) -> None:
        super().__init__("this Telegram account is not signed in to the cabinet")


class WrongCredentials(CabinetError):
    """The same for an unknown login and a wrong password, so logins cannot be probed."""

    code = "wrong_credentials"

    def __init__(self) -> None:
        super().__init__("wrong login or password")


class SignInLocked(CabinetError):
    code = "sign_in_locked"

    def __init__(self, until: datetime) -> None:
        super().__init__(f"sign-in is locked until {until.isoformat()}", until=until)
        self.until = until


class WeakPassword(CabinetError):
    """`reason`: too_short, too_long, one_character, common, equals_login."""

    code = "weak_password"

    def __init__(self, reason: str, min_length: int) -> None:
        super().__init__(f"weak password: {reason}", reason=reason, min_length=min_length)
        self.reason = reason


class WrongPassword(CabinetError):
    """The old password given to change it is not the current one."""

    code = "wrong_password"

    def __init__(self) -> None:
        super().__init__("the current password is wrong")


class PasswordAlreadySet(CabinetError):
    code = "password_already_set"

    def __init__(self) -> None:
        super().__init__("a password is already set; change it with the old one")


class PasswordNotSet(CabinetError):
    code = "password_not_set"

    def __init__(self) -> None:
        super().__init__("this user has no password yet")


class EmailTaken(CabinetError):
    code = "email_taken"

    def __init__(self) -> None:
        super().__init__("this e-mail belongs to another user")


class PhoneTaken(CabinetError):
    code = "phone_taken"

    def __init__(self) -> None:
        super().__init__("this phone belongs to another user")


class PhoneNotSignInPhone(CabinetError):
    """A contact shared to prove the sign-in phone carries another number."""

    code = "phone_not_sign_in_phone"

    def __init__(self) -> None:
        super().__init__("this is not the user's sign-in phone")


class EmailUnchanged(CabinetError):
    code = "email_unchanged"

    def __init__(self) -> None:
        super().__init__("this is already the user's e-mail")


class CodeNotRequested(CabinetError):
    code = "code_not_requested"

    def __init__(self) -> None:
        super().__init__("no live code for this address; request a new one")


class CodeExpired(CabinetError):
    code = "code_expired"

    def __init__(self) -> None:
        super().__init__("the code has expired; request a new one")


class CodeWrong(CabinetError):
    code = "code_wrong"

    def __init__(self, attempts_left: int) -> None:
        super().__init__(f"wrong code, {attempts_left} attempts left", attempts_left=attempts_left)
        self.attempts_left = attempts_left


class CodeAttemptsExhausted(CabinetError):
    code = "code_attempts_exhausted"

    def __init__(self) -> None:
        super().__init__("too many wrong codes; request a new one")


class CodeResendTooSoon(CabinetError):
    code = "code_resend_too_soon"

    def __init__(self, retry_after_seconds: int) -> None:
        super().__init__(
            f"no new code yet; retry in {retry_after_seconds} s",
            retry_after_seconds=retry_after_seconds,
        )
        self.retry_after_seconds = retry_after_seconds
