"""Charges, payments and bills as the dashboard and the history read them."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from decimal import Decimal

from sqlalchemy import and_, bindparam, func, select

from core.entities.billing import Charge
from core.entities.bills import Bill
from core.entities.payments import Payment
from core.enums import PaymentStatus
from storage.models import bills_table, charges_table, payments_table
from storage.repositories.base import Repository

# Built once: every readings summary runs it (see storage/repositories/readings.py).
_LATEST_TARIFF = (
    select(charges_table.c.tariff_rub)
    .where(
        charges_table.c.account_id == bindparam("account_id"),
        charges_table.c.tariff_rub.is_not(None),
    )
    .order_by(charges_table.c.period.desc(), charges_table.c.id.desc())
    .limit(1)
)


class BillingRepository(Repository):
    async def charged_per_service(
        self, account_ids: Collection[int]
    ) -> Sequence[tuple[int, str, int]]:
        """(account_id, service, kopecks charged in all periods), on the charges' unique index."""
        if not account_ids:
            return []
        query = (
            select(
                charges_table.c.account_id,
                charges_table.c.service,
                func.sum(charges_table.c.amount_kopecks),
            )
            .where(charges_table.c.account_id.in_(account_ids))
            .group_by(charges_table.c.account_id, charges_table.c.service)
        )
        rows = (await self.session.execute(query)).all()
        return [(account_id, service, int(total)) for account_id, service, total in rows]

    async def paid_per_purpose(
        self, account_ids: Collection[int]
    ) -> Sequence[tuple[int, str, int]]:
        """(account_id, purpose, kopecks of confirmed payments), on (account_id, paid_at)."""
        if not account_ids:
            return []
        query = (
            select(
                payments_table.c.account_id,
                payments_table.c.purpose,
                func.sum(payments_table.c.amount_kopecks),
            )
            .where(
                payments_table.c.account_id.in_(account_ids),
                payments_table.c.status == PaymentStatus.CONFIRMED.value,
            )
            .group_by(payments_table.c.account_id, payments_table.c.purpose)
        )
        rows = (await self.session.execute(query)).all()
        return [(account_id, purpose, int(total)) for account_id, purpose, total in rows]

    async def paid_since(self, account_ids: Collection[int], since: datetime) -> dict[int, int]:
        """Kopecks of confirmed payments paid at or after a moment, per account."""
        if not account_ids:
            return {}
        query = (
            select(payments_table.c.account_id, func.sum(payments_table.c.amount_kopecks))
            .where(
                payments_table.c.account_id.in_(account_ids),
                payments_table.c.paid_at >= since,
                payments_table.c.status == PaymentStatus.CONFIRMED.value,
            )
            .group_by(payments_table.c.account_id)
        )
        rows = (await self.session.execute(query)).all()
        return {account_id: int(total) for account_id, total in rows}

    async def latest_tariff(self, account_id: int) -> Decimal | None:
        """The rouble tariff of the account's newest charge that has one."""
        return await self.session.scalar(_LATEST_TARIFF, {"account_id": account_id})

    async def count_charges(self, account_id: int) -> int:
        query = select(func.count(charges_table.c.id)).where(
            charges_table.c.account_id == account_id
        )
        return int(await self.session.scalar(query) or 0)

    async def charges_page(
        self, account_id: int, *, offset: int, limit: int
    ) -> Sequence[tuple[Charge, int | None]]:
        """Charges newest period first, each with the id of that period's bill if there is one."""
        query = (
            select(Charge, bills_table.c.id)
            .outerjoin(
                Bill,
                and_(
                    bills_table.c.account_id == charges_table.c.account_id,
                    bills_table.c.period == charges_table.c.period,
                ),
            )
            .where(charges_table.c.account_id == account_id)
            .order_by(charges_table.c.period.desc(), charges_table.c.service, charges_table.c.id)
            .offset(offset)
            .limit(limit)
        )
        return [(charge, bill_id) for charge, bill_id in (await self.session.execute(query)).all()]

    async def count_payments(self, account_id: int) -> int:
        query = select(func.count(payments_table.c.id)).where(
            payments_table.c.account_id == account_id
        )
        return int(await self.session.scalar(query) or 0)

    async def payments_page(self, account_id: int, *, offset: int, limit: int) -> Sequence[Payment]:
        """Payments newest first; one not yet paid is dated by its creation."""
        when = func.coalesce(payments_table.c.paid_at, payments_table.c.created_at)
        query = (
            select(Payment)
            .where(payments_table.c.account_id == account_id)
            .order_by(when.desc(), payments_table.c.id.desc())
            .offset(offset)
            .limit(limit)
        )
        return (await self.session.scalars(query)).all()
