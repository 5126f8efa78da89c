"""The repository of one-time codes mailed to confirm an e-mail or sign in."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from core.entities.codes import VerificationCode


class Codes(Protocol):
    def add(self, code: VerificationCode) -> None: ...

    async def latest(self, purpose: str, target: str) -> VerificationCode | None:
        """The newest code for this purpose and address, live or not (on the target index)."""
        ...

    async def created_since(self, purpose: str, target: str, since: datetime) -> list[datetime]:
        """When codes for this purpose and address were made after `since`, oldest first."""
        ...

    async def purge_created_before(self, before: datetime) -> int:
        """Removes codes made before `before`: long dead, no longer counted; returns how many."""
        ...

    async def consume_all(self, purpose: str, target: str, at: datetime) -> None:
        """Kills every live code for this purpose and address (a new one supersedes them)."""
        ...

    async def remove(self, code_id: int) -> None: ...

    async def remove_for(self, *, user_id: int, targets: list[str]) -> None:
        """Every code of a user, and any code sent to one of their addresses."""
        ...

    async def take_try(self, code_id: int, max_tries: int) -> int | None:
        """Counts one more try in the database itself, so parallel tries all count; returns the
        tries made so far, or None when all `max_tries` were already used."""
        ...

    async def consume(self, code_id: int, at: datetime) -> bool:
        """Uses the code once: False when another request consumed it first."""
        ...
