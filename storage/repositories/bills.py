"""What bills, the charges and payments history, the chart and the new-bill notice read."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Table, bindparam, exists, func, select, update

from core.enums import LinkStatus, PaymentStatus
from storage.models import (
    Account,
    AccountLink,
    Bill,
    Charge,
    Meter,
    OutboxMessage,
    Payment,
    TelegramIdentity,
)
from storage.repositories.base import Repository


class BillsRepository(Repository):
    async def charges_up_to(self, account_id: int, period: str) -> Sequence[Charge]:
        query = (
            select(Charge)
            .where(Charge.account_id == account_id, Charge.period <= period)
            .order_by(Charge.period, Charge.service, Charge.id)
        )
        return (await self.session.scalars(query)).all()

    async def confirmed_paid_before(
        self, account_id: int, before: datetime
    ) -> Sequence[tuple[datetime, int]]:
        """(paid_at, kopecks) of confirmed payments paid before a moment, on (account, paid_at)."""
        query = select(Payment.paid_at, Payment.amount_kopecks).where(
            Payment.account_id == account_id,
            Payment.paid_at < before,
            Payment.status == PaymentStatus.CONFIRMED.value,
        )
        rows = (await self.session.execute(query)).all()
        return [(paid_at, int(kopecks)) for paid_at, kopecks in rows if paid_at is not None]

    async def latest_period(self, account_id: int) -> str | None:
        query = select(func.max(Charge.period)).where(Charge.account_id == account_id)
        return await self.session.scalar(query)

    async def bill(self, account_id: int, period: str) -> Bill | None:
        query = select(Bill).where(Bill.account_id == account_id, Bill.period == period)
        return await self.session.scalar(query)

    def add_bill(self, bill: Bill) -> None:
        self.session.add(bill)

    async def count_periods(self, account_id: int) -> int:
        query = select(func.count(func.distinct(Charge.period))).where(
            Charge.account_id == account_id
        )
        return int(await self.session.scalar(query) or 0)

    async def periods_page(
        self, account_id: int, *, offset: int, limit: int
    ) -> Sequence[tuple[str, int]]:
        """(period, kopecks charged in it), newest first, on the charges' unique index."""
        query = (
            select(Charge.period, func.sum(Charge.amount_kopecks))
            .where(Charge.account_id == account_id)
            .group_by(Charge.period)
            .order_by(Charge.period.desc())
            .offset(offset)
            .limit(limit)
        )
        return [(period, int(total)) for period, total in (await self.session.execute(query)).all()]

    async def monthly_totals(
        self, account_id: int, since_period: str
    ) -> Sequence[tuple[str, Decimal, int]]:
        """(period, kWh, kopecks) charged per period from `since_period` on, oldest first."""
        query = (
            select(
                Charge.period,
                func.coalesce(func.sum(Charge.consumption_kwh), 0),
                func.sum(Charge.amount_kopecks),
            )
            .where(Charge.account_id == account_id, Charge.period >= since_period)
            .group_by(Charge.period)
            .order_by(Charge.period)
        )
        rows = (await self.session.execute(query)).all()
        return [(period, Decimal(str(kwh)), int(total)) for period, kwh, total in rows]

    async def payment_with_meter(
        self, account_id: int, payment_id: int
    ) -> tuple[Payment, Meter | None] | None:
        """A payment of the account with the meter it was made for, if any."""
        query = (
            select(Payment, Meter)
            .outerjoin(Meter, Meter.id == Payment.meter_id)
            .where(Payment.id == payment_id, Payment.account_id == account_id)
        )
        row = (await self.session.execute(query)).first()
        return None if row is None else (row[0], row[1])

    async def reachable_holders(
        self, account_ids: Collection[int]
    ) -> Sequence[tuple[int, str, int]]:
        """(account_id, its number, user_id) of every active holder of the accounts with a
        Telegram account signed in as them that has not blocked the bot (its chats are the
        outbox's to find)."""
        if not account_ids:
            return []
        reachable = select(TelegramIdentity.id).where(
            TelegramIdentity.user_id == AccountLink.user_id, TelegramIdentity.blocked_at.is_(None)
        )
        query = (
            select(AccountLink.account_id, Account.number, AccountLink.user_id)
            .distinct()
            .join(Account, Account.id == AccountLink.account_id)
            .where(
                AccountLink.account_id.in_(account_ids),
                AccountLink.status == LinkStatus.ACTIVE.value,
                exists(reachable),
            )
            .order_by(AccountLink.account_id, AccountLink.user_id)
        )
        return [
            (account_id, number, user_id)
            for account_id, number, user_id in await self.session.execute(query)
        ]

    async def charge_summaries(self, account_ids: Collection[int]) -> dict[int, tuple[str, int]]:
        """Per account: its latest period and the kopecks charged in all periods."""
        if not account_ids:
            return {}
        query = (
            select(Charge.account_id, func.max(Charge.period), func.sum(Charge.amount_kopecks))
            .where(Charge.account_id.in_(account_ids))
            .group_by(Charge.account_id)
        )
        rows = (await self.session.execute(query)).all()
        return {account_id: (period, int(total)) for account_id, period, total in rows}

    async def confirmed_paid_totals(
        self, account_ids: Collection[int], before: datetime
    ) -> dict[int, int]:
        """Per account: kopecks of confirmed payments paid before a moment."""
        if not account_ids:
            return {}
        query = (
            select(Payment.account_id, func.sum(Payment.amount_kopecks))
            .where(
                Payment.account_id.in_(account_ids),
                Payment.paid_at < before,
                Payment.status == PaymentStatus.CONFIRMED.value,
            )
            .group_by(Payment.account_id)
        )
        rows = (await self.session.execute(query)).all()
        return {account_id: int(total) for account_id, total in rows}

    async def change_outbox_payloads(self, changes: Sequence[tuple[str, dict[str, Any]]]) -> None:
        """(dedup key, new payload) of notifications not sent yet."""
        if not changes:
            return
        table: Table = OutboxMessage.__table__  # type: ignore[assignment]
        statement = (
            update(table)
            .where(table.c.dedup_key == bindparam("key"))
            .values(payload=bindparam("new_payload", type_=table.c.payload.type))
        )
        await self.session.execute(
            statement, [{"key": key, "new_payload": payload} for key, payload in changes]
        )
