from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import bindparam, delete, func, select, update

from core.entities.accounts import AccountLink, LinkAttempt
from core.entities.notifications import NotificationPreference
from core.entities.outbox import OutboxMessage
from core.entities.payments import Payment
from core.entities.readings import Reading
from core.entities.service_requests import ServiceRequest
from core.entities.support import SupportThread
from core.entities.users import TelegramIdentity, User
from storage.models import (
    account_links_table,
    link_attempts_table,
    notification_preferences_table,
    outbox_table,
    payments_table,
    readings_table,
    service_requests_table,
    support_threads_table,
    telegram_identities_table,
    users_table,
)
from storage.repositories.base import Repository

# Built once: every update asks who its sender is (on PostgreSQL, where no process remembers).
_SIGNED_IN_AS = (
    select(User)
    .join(TelegramIdentity, telegram_identities_table.c.user_id == users_table.c.id)
    .where(
        telegram_identities_table.c.telegram_user_id == bindparam("telegram_user_id"),
        users_table.c.deleted_at.is_(None),
    )
)


class UsersRepository(Repository):
    def add(self, user: User) -> None:
        self.session.add(user)

    async def get(self, user_id: int, *, for_update: bool = False) -> User | None:
        query = select(User).where(users_table.c.id == user_id, users_table.c.deleted_at.is_(None))
        if for_update:
            query = query.with_for_update()
        return (await self.session.scalars(query)).first()

    async def by_phone(self, phone: str, *, for_update: bool = False) -> User | None:
        query = select(User).where(users_table.c.phone == phone)
        if for_update:
            query = query.with_for_update()
        return (await self.session.scalars(query)).first()

    async def by_email(self, email: str, *, for_update: bool = False) -> User | None:
        query = select(User).where(users_table.c.email == email)
        if for_update:
            query = query.with_for_update()
        return (await self.session.scalars(query)).first()

    async def count_failed_sign_in(self, user_id: int) -> int:
        """Adds one failure in the database itself (parallel guesses all count); returns the total."""
        result = await self.session.execute(
            update(User)
            .where(users_table.c.id == user_id)
            .values(failed_sign_ins=users_table.c.failed_sign_ins + 1)
            .returning(users_table.c.failed_sign_ins)
        )
        return int(result.scalar_one())

    # Telegram identities

    async def identity(self, telegram_user_id: int) -> TelegramIdentity | None:
        query = select(TelegramIdentity).where(
            telegram_identities_table.c.telegram_user_id == telegram_user_id
        )
        return (await self.session.scalars(query)).first()

    async def signed_in_as(self, telegram_user_id: int) -> User | None:
        """The live user this Telegram account is signed in to, in one query (every update asks)."""
        parameters = {"telegram_user_id": telegram_user_id}
        return (await self.session.scalars(_SIGNED_IN_AS, parameters)).first()

    def add_identity(self, identity: TelegramIdentity) -> None:
        self.session.add(identity)

    async def identities_of(self, user_id: int) -> Sequence[TelegramIdentity]:
        query = select(TelegramIdentity).where(telegram_identities_table.c.user_id == user_id)
        return (await self.session.scalars(query)).all()

    # Deletion of a person's data

    async def erase_personal_rows(self, user_id: int) -> None:
        """Removes rows that only describe the person: identities, links, requests, support."""
        statements = (
            delete(TelegramIdentity).where(telegram_identities_table.c.user_id == user_id),
            delete(AccountLink).where(account_links_table.c.user_id == user_id),
            delete(LinkAttempt).where(link_attempts_table.c.user_id == user_id),
            delete(NotificationPreference).where(
                notification_preferences_table.c.user_id == user_id
            ),
            delete(OutboxMessage).where(outbox_table.c.user_id == user_id),
            delete(ServiceRequest).where(service_requests_table.c.user_id == user_id),
            # Messages and attachments go with the thread (ON DELETE CASCADE).
            delete(SupportThread).where(support_threads_table.c.user_id == user_id),
        )
        for statement in statements:
            await self.session.execute(statement)

    async def detach_kept_records(self, user_id: int) -> None:
        """Readings and payments stay with their accounts, as the law requires, but nameless."""
        await self.session.execute(
            update(Reading).where(readings_table.c.user_id == user_id).values(user_id=None)
        )
        await self.session.execute(
            update(Payment)
            .where(payments_table.c.user_id == user_id)
            .values(user_id=None, receipt_email=None)
        )

    async def count_kept_records(self, user_id: int) -> tuple[int, int]:
        """Readings and payments the person made, before they are detached."""
        readings = await self.session.scalar(
            select(func.count()).select_from(Reading).where(readings_table.c.user_id == user_id)
        )
        payments = await self.session.scalar(
            select(func.count()).select_from(Payment).where(payments_table.c.user_id == user_id)
        )
        return int(readings or 0), int(payments or 0)

    async def lock(self, user_id: int, until: datetime) -> None:
        """Starts a lock; the failures that caused it are spent, so after it come 5 new tries."""
        await self.session.execute(
            update(User)
            .where(users_table.c.id == user_id)
            .values(locked_until=until, failed_sign_ins=0)
        )
