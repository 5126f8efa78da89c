"""What bills, the charges and payments history, the chart and the new-bill notice read."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Table, bindparam, exists, func, select, update

from core.entities.accounts import Account
from core.entities.billing import Charge
from core.entities.bills import Bill
from core.entities.meters import Meter
from core.entities.payments import Payment
from core.enums import LinkStatus, PaymentStatus
from storage.models import (
    account_links_table,
    accounts_table,
    bills_table,
    charges_table,
    meters_table,
    outbox_table,
    payments_table,
    telegram_identities_table,
)
from storage.repositories.base import Repository


class BillsRepository(Repository):
    async def charges_up_to(self, account_id: int, period: str) -> Sequence[Charge]:
        query = (
            select(Charge)
            .where(charges_table.c.account_id == account_id, charges_table.c.period <= period)
            .order_by(charges_table.c.period, charges_table.c.service, charges_table.c.id)
        )
        return (await self.session.scalars(query)).all()

    async def confirmed_paid_before(
        self, account_id: int, before: datetime
    ) -> Sequence[tuple[datetime, int]]:
        """(paid_at, kopecks) of confirmed payments paid before a moment, on (account, paid_at)."""
        query = select(payments_table.c.paid_at, payments_table.c.amount_kopecks).where(
            payments_table.c.account_id == account_id,
            payments_table.c.paid_at < before,
            payments_table.c.status == PaymentStatus.CONFIRMED.value,
        )
        rows = (await self.session.execute(query)).all()
        return [(paid_at, int(kopecks)) for paid_at, kopecks in rows if paid_at is not None]

    async def latest_period(self, account_id: int) -> str | None:
        query = select(func.max(charges_table.c.period)).where(
            charges_table.c.account_id == account_id
        )
        return await self.session.scalar(query)

    async def bill(self, account_id: int, period: str) -> Bill | None:
        query = select(Bill).where(
            bills_table.c.account_id == account_id, bills_table.c.period == period
        )
        return await self.session.scalar(query)

    def add_bill(self, bill: Bill) -> None:
        self.session.add(bill)

    async def count_periods(self, account_id: int) -> int:
        query = select(func.count(func.distinct(charges_table.c.period))).where(
            charges_table.c.account_id == account_id
        )
        return int(await self.session.scalar(query) or 0)

    async def periods_page(
        self, account_id: int, *, offset: int, limit: int
    ) -> Sequence[tuple[str, int]]:
        """(period, kopecks charged in it), newest first, on the charges' unique index."""
        query = (
            select(charges_table.c.period, func.sum(charges_table.c.amount_kopecks))
            .where(charges_table.c.account_id == account_id)
            .group_by(charges_table.c.period)
            .order_by(charges_table.c.period.desc())
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
                charges_table.c.period,
                func.coalesce(func.sum(charges_table.c.consumption_kwh), 0),
                func.sum(charges_table.c.amount_kopecks),
            )
            .where(charges_table.c.account_id == account_id, charges_table.c.period >= since_period)
            .group_by(charges_table.c.period)
            .order_by(charges_table.c.period)
        )
        rows = (await self.session.execute(query)).all()
        return [(period, Decimal(str(kwh)), int(total)) for period, kwh, total in rows]

    async def payment_with_meter(
        self, account_id: int, payment_id: int
    ) -> tuple[Payment, str | None] | None:
        """A payment of the account with the serial of the meter it was made for, if any."""
        query = (
            select(Payment, meters_table.c.serial)
            .outerjoin(Meter, meters_table.c.id == payments_table.c.meter_id)
            .where(payments_table.c.id == payment_id, payments_table.c.account_id == account_id)
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
        reachable = select(telegram_identities_table.c.id).where(
            telegram_identities_table.c.user_id == account_links_table.c.user_id,
            telegram_identities_table.c.blocked_at.is_(None),
        )
        query = (
            select(
                account_links_table.c.account_id,
                accounts_table.c.number,
                account_links_table.c.user_id,
            )
            .distinct()
            .join(Account, accounts_table.c.id == account_links_table.c.account_id)
            .where(
                account_links_table.c.account_id.in_(account_ids),
                account_links_table.c.status == LinkStatus.ACTIVE.value,
                exists(reachable),
            )
            .order_by(account_links_table.c.account_id, account_links_table.c.user_id)
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
            select(
                charges_table.c.account_id,
                func.max(charges_table.c.period),
                func.sum(charges_table.c.amount_kopecks),
            )
            .where(charges_table.c.account_id.in_(account_ids))
            .group_by(charges_table.c.account_id)
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
            select(payments_table.c.account_id, func.sum(payments_table.c.amount_kopecks))
            .where(
                payments_table.c.account_id.in_(account_ids),
                payments_table.c.paid_at < before,
                payments_table.c.status == PaymentStatus.CONFIRMED.value,
            )
            .group_by(payments_table.c.account_id)
        )
        rows = (await self.session.execute(query)).all()
        return {account_id: int(total) for account_id, total in rows}

    async def change_outbox_payloads(self, changes: Sequence[tuple[str, dict[str, Any]]]) -> None:
        """(dedup key, new payload) of notifications not sent yet."""
        if not changes:
            return
        table: Table = outbox_table
        statement = (
            update(table)
            .where(table.c.dedup_key == bindparam("key"))
            .values(payload=bindparam("new_payload", type_=table.c.payload.type))
        )
        await self.session.execute(
            statement, [{"key": key, "new_payload": payload} for key, payload in changes]
        )
