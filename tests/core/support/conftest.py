from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import select

from core.accounts.service import AccountsService
from core.clock import FrozenClock
from core.entities.outbox import OutboxMessage
from core.support.requests import ServiceRequestsService
from core.support.service import SupportService
from storage.models import outbox_table
from storage.uow import UnitOfWorkFactory
from tests.core.accounts.seed import ELS, NOW, Seed, settings


@dataclass(frozen=True)
class Queued:
    kind: str
    chat_id: int
    payload: dict[str, Any]


@dataclass
class Desk:
    uow_factory: UnitOfWorkFactory
    clock: FrozenClock
    seed: Seed
    accounts: AccountsService
    support: SupportService
    requests: ServiceRequestsService

    async def customer(self, telegram_id: int) -> int:
        """A user signed in from one Telegram chat (so that the outbox has where to send)."""
        user_id = await self.seed.user()
        await self.seed.telegram(user_id, telegram_id, NOW)
        return user_id

    async def linked(self, user_id: int) -> int:
        account = await self.seed.account()
        await self.accounts.link_by_els(user_id, account.number, ELS)
        return account.id

    async def outbox(self) -> list[Queued]:
        async with self.uow_factory() as uow:
            rows = await uow.session.scalars(select(OutboxMessage).order_by(outbox_table.c.id))
            return [Queued(row.kind, row.chat_id, row.payload) for row in rows]


@pytest.fixture
def desk(uow_factory: UnitOfWorkFactory) -> Desk:
    clock = FrozenClock(NOW)
    app_settings = settings()
    return Desk(
        uow_factory=uow_factory,
        clock=clock,
        seed=Seed(uow_factory),
        accounts=AccountsService(uow_factory, clock, app_settings),
        support=SupportService(uow_factory, clock, app_settings),
        requests=ServiceRequestsService(uow_factory, clock, app_settings),
    )
