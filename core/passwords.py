"""Password hashing with argon2id; the strength rules live in `core.users.password_policy`."""

from __future__ import annotations

from functools import cached_property

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError


class Passwords:
    """Hashes and checks passwords; one instance per process (the hasher holds the parameters)."""

    def __init__(self, hasher: PasswordHasher | None = None) -> None:
        self._hasher = hasher or PasswordHasher()

    def hash(self, password: str) -> str:
        return self._hasher.hash(password)

    def verify(self, password_hash: str, password: str) -> bool:
        try:
            return self._hasher.verify(password_hash, password)
        except (VerificationError, InvalidHashError):
            return False

    def needs_rehash(self, password_hash: str) -> bool:
        """True when the hash was made with other parameters than this hasher's."""
        return self._hasher.check_needs_rehash(password_hash)

    def waste_time(self, password: str) -> None:
        """Spends what a real check costs, so an unknown login answers as slowly as a known one."""
        self.verify(self._dummy_hash, password)

    @cached_property
    def _dummy_hash(self) -> str:
        return self._hasher.hash("not a password of anyone")
