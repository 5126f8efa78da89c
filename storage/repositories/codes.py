from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select, update

from storage.models import VerificationCode
from storage.repositories.base import Repository


class CodesRepository(Repository):
    def add(self, code: VerificationCode) -> None:
        self.session.add(code)

    async def latest(self, purpose: str, target: str) -> VerificationCode | None:
        """The newest code for this purpose and address, live or not (on the target index)."""
        query = (
            select(VerificationCode)
            .where(VerificationCode.purpose == purpose, VerificationCode.target == target)
            .order_by(VerificationCode.created_at.desc(), VerificationCode.id.desc())
            .limit(1)
        )
        return (await self.session.scalars(query)).first()

    async def created_since(self, purpose: str, target: str, since: datetime) -> list[datetime]:
        """When codes for this purpose and address were made after `since`, oldest first."""
        query = (
            select(VerificationCode.created_at)
            .where(
                VerificationCode.purpose == purpose,
                VerificationCode.target == target,
                VerificationCode.created_at > since,
            )
            .order_by(VerificationCode.created_at, VerificationCode.id)
        )
        return list((await self.session.scalars(query)).all())

    async def purge_created_before(self, before: datetime) -> int:
        """Removes codes made before `before`: long dead, no longer counted; returns how many."""
        result = await self.session.execute(
            delete(VerificationCode).where(VerificationCode.created_at < before)
        )
        return int(result.rowcount)  # type: ignore[attr-defined]

    async def consume_all(self, purpose: str, target: str, at: datetime) -> None:
        """Kills every live code for this purpose and address (a new one supersedes them)."""
        await self.session.execute(
            update(VerificationCode)
            .where(
                VerificationCode.purpose == purpose,
                VerificationCode.target == target,
                VerificationCode.consumed_at.is_(None),
            )
            .values(consumed_at=at)
        )

    async def remove(self, code_id: int) -> None:
        await self.session.execute(delete(VerificationCode).where(VerificationCode.id == code_id))

    async def remove_for(self, *, user_id: int, targets: list[str]) -> None:
        """Every code of a user, and any code sent to one of their addresses."""
        await self.session.execute(
            delete(VerificationCode).where(
                (VerificationCode.user_id == user_id) | VerificationCode.target.in_(targets)
            )
        )

    async def take_try(self, code_id: int, max_tries: int) -> int | None:
        """Counts one more try in the database itself, so parallel tries all count; returns the
        tries made so far, or None when all `max_tries` were already used."""
        result = await self.session.execute(
            update(VerificationCode)
            .where(VerificationCode.id == code_id, VerificationCode.attempts < max_tries)
            .values(attempts=VerificationCode.attempts + 1)
            .returning(VerificationCode.attempts)
        )
        tries = result.scalar_one_or_none()
        return None if tries is None else int(tries)

    async def consume(self, code_id: int, at: datetime) -> bool:
        """Uses the code once: False when another request consumed it first."""
        result = await self.session.execute(
            update(VerificationCode)
            .where(VerificationCode.id == code_id, VerificationCode.consumed_at.is_(None))
            .values(consumed_at=at)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]
