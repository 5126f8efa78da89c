"""Meters of accounts."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from sqlalchemy import bindparam, select

from core.entities.meters import Meter
from storage.models import meters_table
from storage.repositories.base import Repository

# Built once: every step of sending readings runs them (see storage/repositories/readings.py).
_BY_ID = select(Meter).where(meters_table.c.id == bindparam("meter_id"))
# On the (account_id, serial) unique index; ordered by account, then serial.
_OF_ACCOUNTS = (
    select(Meter)
    .where(meters_table.c.account_id.in_(bindparam("account_ids", expanding=True)))
    .order_by(meters_table.c.account_id, meters_table.c.serial)
)


class MetersRepository(Repository):
    def add(self, meter: Meter) -> None:
        self.session.add(meter)

    async def get(self, meter_id: int) -> Meter | None:
        return await self.session.scalar(_BY_ID, {"meter_id": meter_id})

    async def for_account(self, account_id: int) -> Sequence[Meter]:
        return await self.for_accounts([account_id])

    async def for_accounts(self, account_ids: Collection[int]) -> Sequence[Meter]:
        """Ordered by account, then serial."""
        if not account_ids:
            return []
        parameters = {"account_ids": list(account_ids)}
        return (await self.session.scalars(_OF_ACCOUNTS, parameters)).all()
