from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import bindparam, delete, func, select, update

from storage.models import (
    AccountLink,
    LinkAttempt,
    NotificationPreference,
    OutboxMessage,
    Payment,
    Reading,
    ServiceRequest,
    SupportThread,
    TelegramIdentity,
    User,
)
from storage.repositories.base import Repository

# Built once: every update asks who its sender is (on PostgreSQL, where no process remembers).
_SIGNED_IN_AS = (
    select(User)
    .join(TelegramIdentity, TelegramIdentity.user_id == User.id)
    .where(
        TelegramIdentity.telegram_user_id == bindparam("telegram_user_id"),
        User.deleted_at.is_(None),
    )
)


class UsersRepository(Repository):
    def add(self, user: User) -> None:
        self.session.add(user)

    async def get(self, user_id: int, *, for_update: bool = False) -> User | None:
        query = select(User).where(User.id == user_id, User.deleted_at.is_(None))
        if for_update:
            query = query.with_for_update()
        return (await self.session.scalars(query)).first()

    async def by_phone(self, phone: str, *, for_update: bool = False) -> User | None:
        query = select(User).where(User.phone == phone)
        if for_update:
            query = query.with_for_update()
        return (await self.session.scalars(query)).first()

    async def by_email(self, email: str, *, for_update: bool = False) -> User | None:
        query = select(User).where(User.email == email)
        if for_update:
            query = query.with_for_update()
        return (await self.session.scalars(query)).first()

    async def count_failed_sign_in(self, user_id: int) -> int:
        """Adds one failure in the database itself (parallel guesses all count); returns the total."""
        result = await self.session.execute(
            update(User)
            .where(User.id == user_id)
            .values(failed_sign_ins=User.failed_sign_ins + 1)
            .returning(User.failed_sign_ins)
        )
        return int(result.scalar_one())

    # Telegram identities

    async def identity(self, telegram_user_id: int) -> TelegramIdentity | None:
        query = select(TelegramIdentity).where(
            TelegramIdentity.telegram_user_id == telegram_user_id
        )
        return (await self.session.scalars(query)).first()

    async def signed_in_as(self, telegram_user_id: int) -> User | None:
        """The live user this Telegram account is signed in to, in one query (every update asks)."""
        parameters = {"telegram_user_id": telegram_user_id}
        return (await self.session.scalars(_SIGNED_IN_AS, parameters)).first()

    def add_identity(self, identity: TelegramIdentity) -> None:
        self.session.add(identity)

    async def identities_of(self, user_id: int) -> Sequence[TelegramIdentity]:
        query = select(TelegramIdentity).where(TelegramIdentity.user_id == user_id)
        return (await self.session.scalars(query)).all()

    # Deletion of a person's data

    async def erase_personal_rows(self, user_id: int) -> None:
        """Removes rows that only describe the person: identities, links, requests, support."""
        statements = (
            delete(TelegramIdentity).where(TelegramIdentity.user_id == user_id),
            delete(AccountLink).where(AccountLink.user_id == user_id),
            delete(LinkAttempt).where(LinkAttempt.user_id == user_id),
            delete(NotificationPreference).where(NotificationPreference.user_id == user_id),
            delete(OutboxMessage).where(OutboxMessage.user_id == user_id),
            delete(ServiceRequest).where(ServiceRequest.user_id == user_id),
            # Messages and attachments go with the thread (ON DELETE CASCADE).
            delete(SupportThread).where(SupportThread.user_id == user_id),
        )
        for statement in statements:
            await self.session.execute(statement)

    async def detach_kept_records(self, user_id: int) -> None:
        """Readings and payments stay with their accounts, as the law requires, but nameless."""
        await self.session.execute(
            update(Reading).where(Reading.user_id == user_id).values(user_id=None)
        )
        await self.session.execute(
            update(Payment)
            .where(Payment.user_id == user_id)
            .values(user_id=None, receipt_email=None)
        )

    async def count_kept_records(self, user_id: int) -> tuple[int, int]:
        """Readings and payments the person made, before they are detached."""
        readings = await self.session.scalar(
            select(func.count()).select_from(Reading).where(Reading.user_id == user_id)
        )
        payments = await self.session.scalar(
            select(func.count()).select_from(Payment).where(Payment.user_id == user_id)
        )
        return int(readings or 0), int(payments or 0)

    async def lock(self, user_id: int, until: datetime) -> None:
        """Starts a lock; the failures that caused it are spent, so after it come 5 new tries."""
        await self.session.execute(
            update(User).where(User.id == user_id).values(locked_until=until, failed_sign_ins=0)
        )
