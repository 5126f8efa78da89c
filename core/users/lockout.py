"""Password guessing: after 5 wrong passwords in a row the user's sign-in waits 15 minutes."""

from __future__ import annotations

from datetime import datetime, timedelta

from core.entities.users import User
from core.users.errors import SignInLocked

MAX_FAILED_SIGN_INS = 5
LOCK_DURATION = timedelta(minutes=15)


def ensure_not_locked(user: User, now: datetime) -> None:
    if user.locked_until is not None and now < user.locked_until:
        raise SignInLocked(user.locked_until)


def lock_ends(failures: int, now: datetime) -> datetime | None:
    """When the lock this failure starts ends, or None while tries remain."""
    return now + LOCK_DURATION if failures >= MAX_FAILED_SIGN_INS else None
