from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from core.clock import FrozenClock
from core.entities.accounts import AccountLink
from core.entities.outbox import OutboxMessage
from core.entities.users import TelegramIdentity
from core.enums import LinkMethod, LinkStatus, ReadingStatus
from core.notifications.reminders import Reminders
from storage.models import outbox_table
from storage.uow import UnitOfWorkFactory
from tests.core.accounts.seed import Seed, settings

# 15 December 2026, 00:30 in Moscow: the readings window (15th..25th) opens today.
WINDOW_OPENS_AT = datetime(2026, 12, 14, 21, 30, tzinfo=UTC)


@dataclass
class Customer:
    user_id: int
    telegram_id: int
    account_id: int
    meter_id: int


class People:
    """Customers signed in to Telegram with an account linked and a meter, in one call each."""

    def __init__(self, uow_factory: UnitOfWorkFactory) -> None:
        self.uow_factory = uow_factory
        self.seed = Seed(uow_factory)
        self._telegram = 500

    async def customer(
        self,
        *,
        linked: bool = True,
        branch: str | None = None,
        verification: date | None = date(2034, 9, 30),
    ) -> Customer:
        user_id = await self.seed.user()
        account = await self.seed.account()
        meter_id = await self.seed.meter(account.id, next_verification_on=verification)
        self._telegram += 1
        async with self.uow_factory() as uow:
            uow.session.add(
                TelegramIdentity(
                    telegram_user_id=self._telegram,
                    user_id=user_id,
                    chat_id=self._telegram,
                    created_at=WINDOW_OPENS_AT,
                )
            )
            if linked:
                uow.session.add(
                    AccountLink(
                        user_id=user_id,
                        account_id=account.id,
                        status=LinkStatus.ACTIVE.value,
                        method=LinkMethod.ELS.value,
                        created_at=WINDOW_OPENS_AT,
                    )
                )
            if branch is not None:
                stored = await uow.accounts.get(account.id)
                assert stored is not None
                stored.branch = branch
            await uow.commit()
        return Customer(user_id, self._telegram, account.id, meter_id)

    async def reading(
        self, who: Customer, period: str, status: ReadingStatus = ReadingStatus.ACCEPTED
    ) -> None:
        await self.seed.reading(who.meter_id, "12345", WINDOW_OPENS_AT, period, status=status)

    async def outbox(self) -> list[OutboxMessage]:
        async with self.uow_factory() as uow:
            rows = list(
                await uow.session.scalars(select(OutboxMessage).order_by(outbox_table.c.id))
            )
            uow.session.expunge_all()  # readable after the unit of work ends
            return rows


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(WINDOW_OPENS_AT)


@pytest.fixture
def people(uow_factory: UnitOfWorkFactory) -> People:
    return People(uow_factory)


@pytest.fixture
def reminders(uow_factory: UnitOfWorkFactory, clock: FrozenClock) -> Reminders:
    return Reminders(uow_factory, clock, settings(), chunk=2)  # tiny chunks: paging is tested
