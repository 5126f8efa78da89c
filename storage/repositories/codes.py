from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select, update

from core.entities.codes import VerificationCode
from storage.models import verification_codes_table
from storage.repositories.base import Repository


class CodesRepository(Repository):
    def add(self, code: VerificationCode) -> None:
        self.session.add(code)

    async def latest(self, purpose: str, target: str) -> VerificationCode | None:
        """The newest code for this purpose and address, live or not (on the target index)."""
        query = (
            select(VerificationCode)
            .where(
                verification_codes_table.c.purpose == purpose,
                verification_codes_table.c.target == target,
            )
            .order_by(
                verification_codes_table.c.created_at.desc(), verification_codes_table.c.id.desc()
            )
            .limit(1)
        )
        return (await self.session.scalars(query)).first()

    async def created_since(self, purpose: str, target: str, since: datetime) -> list[datetime]:
        """When codes for this purpose and address were made after `since`, oldest first."""
        query = (
            select(verification_codes_table.c.created_at)
            .where(
                verification_codes_table.c.purpose == purpose,
                verification_codes_table.c.target == target,
                verification_codes_table.c.created_at > since,
            )
            .order_by(verification_codes_table.c.created_at, verification_codes_table.c.id)
        )
        return list((await self.session.scalars(query)).all())

    async def purge_created_before(self, before: datetime) -> int:
        """Removes codes made before `before`: long dead, no longer counted; returns how many."""
        result = await self.session.execute(
            delete(VerificationCode).where(verification_codes_table.c.created_at < before)
        )
        return int(result.rowcount)  # type: ignore[attr-defined]

    async def consume_all(self, purpose: str, target: str, at: datetime) -> None:
        """Kills every live code for this purpose and address (a new one supersedes them)."""
        await self.session.execute(
            update(VerificationCode)
            .where(
                verification_codes_table.c.purpose == purpose,
                verification_codes_table.c.target == target,
                verification_codes_table.c.consumed_at.is_(None),
            )
            .values(consumed_at=at)
        )

    async def remove(self, code_id: int) -> None:
        await self.session.execute(
            delete(VerificationCode).where(verification_codes_table.c.id == code_id)
        )

    async def remove_for(self, *, user_id: int, targets: list[str]) -> None:
        """Every code of a user, and any code sent to one of their addresses."""
        await self.session.execute(
            delete(VerificationCode).where(
                (verification_codes_table.c.user_id == user_id)
                | verification_codes_table.c.target.in_(targets)
            )
        )

    async def take_try(self, code_id: int, max_tries: int) -> int | None:
        """Counts one more try in the database itself, so parallel tries all count; returns the
        tries made so far, or None when all `max_tries` were already used."""
        result = await self.session.execute(
            update(VerificationCode)
            .where(
                verification_codes_table.c.id == code_id,
                verification_codes_table.c.attempts < max_tries,
            )
            .values(attempts=verification_codes_table.c.attempts + 1)
            .returning(verification_codes_table.c.attempts)
        )
        tries = result.scalar_one_or_none()
        return None if tries is None else int(tries)

    async def consume(self, code_id: int, at: datetime) -> bool:
        """Uses the code once: False when another request consumed it first."""
        result = await self.session.execute(
            update(VerificationCode)
            .where(
                verification_codes_table.c.id == code_id,
                verification_codes_table.c.consumed_at.is_(None),
            )
            .values(consumed_at=at)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]
