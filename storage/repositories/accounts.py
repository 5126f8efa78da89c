"""Accounts, the links users hold on them, the ЕЛС attempts that limit guessing and the alerts
that tell staff of it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import bindparam, distinct, func, select, update

from core.entities.accounts import Account, AccountLink, LinkAttempt, LinkGuessingAlert
from core.enums import LinkStatus
from storage.models import (
    account_links_table,
    accounts_table,
    link_attempts_table,
    link_guessing_alerts_table,
)
from storage.repositories.base import Repository

# Built once: every button under an account runs them (see storage/repositories/readings.py).
_HAS_ACTIVE_LINK = (
    select(account_links_table.c.id)
    .where(
        account_links_table.c.user_id == bindparam("user_id"),
        account_links_table.c.account_id == bindparam("account_id"),
        account_links_table.c.status == LinkStatus.ACTIVE.value,
    )
    .limit(1)
)
# The user's links with their accounts, oldest link first (the order the user added them).
_LINKED_ACCOUNTS = (
    select(AccountLink, Account)
    .join(Account, accounts_table.c.id == account_links_table.c.account_id)
    .where(
        account_links_table.c.user_id == bindparam("user_id"),
        account_links_table.c.status.in_(bindparam("statuses", expanding=True)),
    )
    .order_by(account_links_table.c.id)
)


class AccountsRepository(Repository):
    def add(self, account: Account) -> None:
        self.session.add(account)

    async def get(self, account_id: int) -> Account | None:
        return await self.session.get(Account, account_id)

    async def get_by_number(self, number: str) -> Account | None:
        return await self.session.scalar(select(Account).where(accounts_table.c.number == number))

    def add_link(self, link: AccountLink) -> None:
        self.session.add(link)

    async def get_link(self, link_id: int) -> AccountLink | None:
        return await self.session.get(AccountLink, link_id)

    async def decide_pending_link(
        self,
        link_id: int,
        status: LinkStatus,
        reviewed_by: int,
        reviewed_at: datetime,
        reason: str | None,
    ) -> bool:
        """Moves a PENDING link to `status`; False when it was no longer pending (another staff
        member decided first): the condition is in the UPDATE itself, so two cannot both win."""
        result = await self.session.execute(
            update(AccountLink)
            .where(
                account_links_table.c.id == link_id,
                account_links_table.c.status == LinkStatus.PENDING.value,
            )
            .values(
                status=status.value,
                reviewed_by=reviewed_by,
                reviewed_at=reviewed_at,
                reject_reason=reason,
            )
            .execution_options(synchronize_session="fetch")
        )
        return bool(getattr(result, "rowcount", 0))

    async def user_links(
        self, user_id: int, account_id: int, statuses: Sequence[LinkStatus]
    ) -> Sequence[AccountLink]:
        query = (
            select(AccountLink)
            .where(
                account_links_table.c.user_id == user_id,
                account_links_table.c.account_id == account_id,
                account_links_table.c.status.in_([status.value for status in statuses]),
            )
            .order_by(account_links_table.c.id)
        )
        return (await self.session.scalars(query)).all()

    async def has_active_link(self, user_id: int, account_id: int) -> bool:
        parameters = {"user_id": user_id, "account_id": account_id}
        return await self.session.scalar(_HAS_ACTIVE_LINK, parameters) is not None

    async def linked_accounts(
        self, user_id: int, statuses: Sequence[LinkStatus]
    ) -> Sequence[tuple[AccountLink, Account]]:
        """The user's links with their accounts, oldest link first."""
        parameters = {"user_id": user_id, "statuses": [status.value for status in statuses]}
        rows = (await self.session.execute(_LINKED_ACCOUNTS, parameters)).all()
        return [(link, account) for link, account in rows]

    def add_attempt(self, attempt: LinkAttempt) -> None:
        self.session.add(attempt)

    async def failed_attempts_by_user(self, user_id: int, since: datetime) -> Sequence[datetime]:
        """Times of the user's failed ЕЛС attempts after a moment, oldest first."""
        query = (
            select(link_attempts_table.c.created_at)
            .where(
                link_attempts_table.c.user_id == user_id,
                link_attempts_table.c.created_at > since,
                link_attempts_table.c.succeeded.is_(False),
            )
            .order_by(link_attempts_table.c.created_at)
        )
        return (await self.session.scalars(query)).all()

    async def failures_on_account(self, account_id: int, since: datetime) -> tuple[int, int]:
        """Everyone's failed ЕЛС attempts on an account after a moment, and how many users
        made them."""
        query = select(func.count(), func.count(distinct(link_attempts_table.c.user_id))).where(
            link_attempts_table.c.account_id == account_id,
            link_attempts_table.c.created_at > since,
            link_attempts_table.c.succeeded.is_(False),
        )
        failures, users = (await self.session.execute(query)).one()
        return int(failures), int(users)

    async def guessing_alerted_at(self, account_id: int) -> datetime | None:
        """When staff were last alerted of guessing on the account (None: never)."""
        query = select(link_guessing_alerts_table.c.alerted_at).where(
            link_guessing_alerts_table.c.account_id == account_id
        )
        alerted_at: datetime | None = await self.session.scalar(query)
        return alerted_at

    async def move_guessing_alert(
        self, account_id: int, alerted_at: datetime, last_before: datetime
    ) -> bool:
        """Records an alert now when the account's last one was at or before `last_before`; the
        condition is in the UPDATE itself, so two workers cannot both alert."""
        result = await self.session.execute(
            update(LinkGuessingAlert)
            .where(
                link_guessing_alerts_table.c.account_id == account_id,
                link_guessing_alerts_table.c.alerted_at <= last_before,
            )
            .values(alerted_at=alerted_at)
        )
        return bool(getattr(result, "rowcount", 0))

    def add_guessing_alert(self, alert: LinkGuessingAlert) -> None:
        """The account's first alert (a second worker's insert fails on the primary key)."""
        self.session.add(alert)
