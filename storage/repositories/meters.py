"""Meters of accounts."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from sqlalchemy import select

from storage.models import Meter
from storage.repositories.base import Repository


class MetersRepository(Repository):
    def add(self, meter: Meter) -> None:
        self.session.add(meter)

    async def get(self, meter_id: int) -> Meter | None:
        return await self.session.get(Meter, meter_id)

    async def for_account(self, account_id: int) -> Sequence[Meter]:
        return await self.for_accounts([account_id])

    async def for_accounts(self, account_ids: Collection[int]) -> Sequence[Meter]:
        """On the (account_id, serial) unique index; ordered by account, then serial."""
        if not account_ids:
            return []
        query = (
            select(Meter)
            .where(Meter.account_id.in_(account_ids))
            .order_by(Meter.account_id, Meter.serial)
        )
        return (await self.session.scalars(query)).all()
