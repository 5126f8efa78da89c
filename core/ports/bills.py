"""The repository of bills and the figures they are built from."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any, Protocol

from core.entities.billing import Charge
from core.entities.bills import Bill
from core.entities.payments import Payment


class Bills(Protocol):
    async def charges_up_to(self, account_id: int, period: str) -> Sequence[Charge]: ...

    async def confirmed_paid_before(
        self, account_id: int, before: datetime
    ) -> Sequence[tuple[datetime, int]]:
        """(paid_at, kopecks) of confirmed payments paid before a moment, on (account, paid_at)."""
        ...

    async def latest_period(self, account_id: int) -> str | None: ...

    async def bill(self, account_id: int, period: str) -> Bill | None: ...

    def add_bill(self, bill: Bill) -> None: ...

    async def count_periods(self, account_id: int) -> int: ...

    async def periods_page(
        self, account_id: int, *, offset: int, limit: int
    ) -> Sequence[tuple[str, int]]:
        """(period, kopecks charged in it), newest first, on the charges' unique index."""
        ...

    async def monthly_totals(
        self, account_id: int, since_period: str
    ) -> Sequence[tuple[str, Decimal, int]]:
        """(period, kWh, kopecks) charged per period from `since_period` on, oldest first."""
        ...

    async def payment_with_meter(
        self, account_id: int, payment_id: int
    ) -> tuple[Payment, str | None] | None:
        """A payment of the account with the serial of the meter it was made for, if any."""
        ...

    async def reachable_holders(
        self, account_ids: Collection[int]
    ) -> Sequence[tuple[int, str, int]]:
        """(account_id, its number, user_id) of every active holder of the accounts with a
        Telegram account signed in as them that has not blocked the bot (its chats are the
        outbox's to find)."""
        ...

    async def charge_summaries(self, account_ids: Collection[int]) -> dict[int, tuple[str, int]]:
        """Per account: its latest period and the kopecks charged in all periods."""
        ...

    async def confirmed_paid_totals(
        self, account_ids: Collection[int], before: datetime
    ) -> dict[int, int]:
        """Per account: kopecks of confirmed payments paid before a moment."""
        ...

    async def change_outbox_payloads(self, changes: Sequence[tuple[str, dict[str, Any]]]) -> None:
        """(dedup key, new payload) of notifications not sent yet."""
        ...
