"""The repository of users, their Telegram identities and what erasing one's personal data touches."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from core.entities.users import TelegramIdentity, User


class Users(Protocol):
    def add(self, user: User) -> None: ...

    async def get(self, user_id: int, *, for_update: bool = False) -> User | None: ...

    async def by_phone(self, phone: str, *, for_update: bool = False) -> User | None: ...

    async def by_email(self, email: str, *, for_update: bool = False) -> User | None: ...

    async def count_failed_sign_in(self, user_id: int) -> int:
        """Adds one failure in the database itself (parallel guesses all count); returns the total."""
        ...

    async def identity(self, telegram_user_id: int) -> TelegramIdentity | None: ...

    async def signed_in_as(self, telegram_user_id: int) -> User | None:
        """The live user this Telegram account is signed in to, in one query (every update asks)."""
        ...

    def add_identity(self, identity: TelegramIdentity) -> None: ...

    async def identities_of(self, user_id: int) -> Sequence[TelegramIdentity]: ...

    async def erase_personal_rows(self, user_id: int) -> None:
        """Removes rows that only describe the person: identities, links, requests, support."""
        ...

    async def detach_kept_records(self, user_id: int) -> None:
        """Readings and payments stay with their accounts, as the law requires, but nameless."""
        ...

    async def count_kept_records(self, user_id: int) -> tuple[int, int]:
        """Readings and payments the person made, before they are detached."""
        ...

    async def lock(self, user_id: int, until: datetime) -> None:
        """Starts a lock; the failures that caused it are spent, so after it come 5 new tries."""
        ...
