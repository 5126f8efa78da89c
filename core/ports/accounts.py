"""The repository of personal accounts, users' links to them and the tries at linking."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from core.entities.accounts import Account, AccountLink, LinkAttempt, LinkGuessingAlert
from core.enums import LinkStatus


class Accounts(Protocol):
    def add(self, account: Account) -> None: ...

    async def get(self, account_id: int) -> Account | None: ...

    async def get_by_number(self, number: str) -> Account | None: ...

    def add_link(self, link: AccountLink) -> None: ...

    async def get_link(self, link_id: int) -> AccountLink | None: ...

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
        ...

    async def user_links(
        self, user_id: int, account_id: int, statuses: Sequence[LinkStatus]
    ) -> Sequence[AccountLink]: ...

    async def has_active_link(self, user_id: int, account_id: int) -> bool: ...

    async def linked_accounts(
        self, user_id: int, statuses: Sequence[LinkStatus]
    ) -> Sequence[tuple[AccountLink, Account]]:
        """The user's links with their accounts, oldest link first."""
        ...

    def add_attempt(self, attempt: LinkAttempt) -> None: ...

    async def failed_attempts_by_user(self, user_id: int, since: datetime) -> Sequence[datetime]:
        """Times of the user's failed ЕЛС attempts after a moment, oldest first."""
        ...

    async def failures_on_account(self, account_id: int, since: datetime) -> tuple[int, int]:
        """Everyone's failed ЕЛС attempts on an account after a moment, and how many users
        made them."""
        ...

    async def guessing_alerted_at(self, account_id: int) -> datetime | None:
        """When staff were last alerted of guessing on the account (None: never)."""
        ...

    async def move_guessing_alert(
        self, account_id: int, alerted_at: datetime, last_before: datetime
    ) -> bool:
        """Records an alert now when the account's last one was at or before `last_before`; the
        condition is in the UPDATE itself, so two workers cannot both alert."""
        ...

    def add_guessing_alert(self, alert: LinkGuessingAlert) -> None:
        """The account's first alert (a second worker's insert fails on the primary key)."""
        ...
