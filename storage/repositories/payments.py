"""Payments started in the cabinet: intents, and settling them exactly once."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import Any

from sqlalchemy import Update, and_, or_, select, update
from sqlalchemy.engine import CursorResult

from core.entities.payments import Payment
from core.enums import OPEN_PAYMENT_STATUSES, PaymentStatus
from storage.models import payments_table
from storage.repositories.base import Repository


class PaymentsRepository(Repository):
    def add(self, payment: Payment) -> None:
        self.session.add(payment)

    async def get(self, payment_id: int) -> Payment | None:
        return await self.session.get(Payment, payment_id)

    async def by_external_key(self, key: str) -> Payment | None:
        return await self.session.scalar(
            select(Payment).where(payments_table.c.external_key == key)
        )

    async def by_order_number(self, order_number: str) -> Payment | None:
        query = select(Payment).where(payments_table.c.order_number == order_number)
        return await self.session.scalar(query)

    async def by_provider_order_id(self, order_id: str) -> Payment | None:
        query = select(Payment).where(payments_table.c.provider_order_id == order_id)
        return await self.session.scalar(query)

    async def settle(
        self,
        payment_id: int,
        status: PaymentStatus,
        *,
        now: datetime,
        values: dict[str, Any],
        from_statuses: Collection[str] = OPEN_PAYMENT_STATUSES,
    ) -> bool:
        """Moves an open payment to `status` in one conditional UPDATE; False when another
        request (a replayed callback, the return page) got there first."""
        statement = (
            update(Payment)
            .where(
                payments_table.c.id == payment_id, payments_table.c.status.in_(list(from_statuses))
            )
            .values(status=status.value, updated_at=now, **values)
            .execution_options(synchronize_session=False)
        )
        return await self._changed(statement)

    async def claim_registration(
        self, payment_id: int, order_number: str, *, now: datetime, stale_before: datetime
    ) -> bool:
        """Takes the intent for one registration at the gateway under a fresh `order_number`
        (the claim's token): from created, or from a claim left unfinished since before
        `stale_before` (its worker died). False when another request holds it or it has a link."""
        statement = (
            update(Payment)
            .where(
                payments_table.c.id == payment_id,
                payments_table.c.form_url.is_(None),
                or_(
                    payments_table.c.status == PaymentStatus.CREATED.value,
                    and_(
                        payments_table.c.status == PaymentStatus.PENDING.value,
                        payments_table.c.provider_order_id.is_(None),
                        payments_table.c.updated_at < stale_before,
                    ),
                ),
            )
            .values(
                status=PaymentStatus.PENDING.value,
                order_number=order_number,
                failure_reason=None,
                updated_at=now,
            )
            .execution_options(synchronize_session=False)
        )
        return await self._changed(statement)

    async def finish_registration(
        self, payment_id: int, order_number: str, *, now: datetime, values: dict[str, Any]
    ) -> bool:
        """Ends the claim made with `order_number` (the gateway's order, or a failure); False
        when the claim was lost meanwhile."""
        statement = (
            update(Payment)
            .where(
                payments_table.c.id == payment_id,
                payments_table.c.order_number == order_number,
                payments_table.c.status == PaymentStatus.PENDING.value,
                payments_table.c.form_url.is_(None),
            )
            .values(updated_at=now, **values)
            .execution_options(synchronize_session=False)
        )
        return await self._changed(statement)

    async def pending_at_gateway(
        self, provider: str, *, asked_before: datetime, created_after: datetime, limit: int
    ) -> list[Payment]:
        """Orders the gateway has (a link was made) and no answer has settled, least recently
        asked first (`ix_payments_pending` holds only these)."""
        columns = payments_table.c
        query = (
            select(Payment)
            .where(
                columns.status == PaymentStatus.PENDING.value,
                columns.provider == provider,
                columns.form_url.is_not(None),
                columns.updated_at < asked_before,
                columns.created_at > created_after,
            )
            .order_by(columns.updated_at)
            .limit(limit)
        )
        return list((await self.session.scalars(query)).all())

    async def mark_asked(self, payment_id: int, now: datetime) -> None:
        """The gateway is being asked about a pending order: not again before the next turn."""
        columns = payments_table.c
        statement = (
            update(payments_table)
            .where(columns.id == payment_id, columns.status == PaymentStatus.PENDING.value)
            .values(updated_at=now)
        )
        await self.session.execute(statement)

    async def set_fiscal(self, payment_id: int, fiscal: dict[str, Any], now: datetime) -> None:
        statement = (
            update(Payment)
            .where(payments_table.c.id == payment_id)
            .values(fiscal=fiscal, updated_at=now)
            .execution_options(synchronize_session=False)
        )
        await self.session.execute(statement)

    async def _changed(self, statement: Update) -> bool:
        result = await self.session.execute(statement)
        assert isinstance(result, CursorResult)
        return bool(result.rowcount == 1)

    async def refresh(self, payment: Payment) -> Payment:
        await self.session.refresh(payment)
        return payment
