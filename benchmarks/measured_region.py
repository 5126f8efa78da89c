"""A loaded region's database as the benchmarks use it: the cabinet's services on it and the
benchmark's customers (see benchmarks.seed_postgres), each with a meter and values to send."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncEngine

from benchmarks.bench_import import CLOCK, SETTINGS
from benchmarks.seed_postgres import CUSTOMER_PHONE_PREFIX
from core.accounts.service import AccountsService
from core.entities.accounts import AccountLink
from core.entities.audit import AuditEvent
from core.entities.readings import Reading
from core.history.service import HistoryService
from core.readings.sender import Sender
from core.readings.service import ReadingsService
from storage.database import create_engine, create_session_factory
from storage.models import account_links_table, audit_events_table, readings_table, users_table
from storage.uow import unit_of_work_factory

# Added to each zone's last value: an ordinary month's consumption.
SENT_KWH = Decimal(150)


@dataclass(frozen=True)
class Customer:
    user_id: int
    account_id: int
    meter_id: int
    values: Mapping[str, Decimal]


class MeasuredRegion:
    def __init__(self, url: str) -> None:
        self.engine: AsyncEngine = create_engine(url)
        uow_factory = unit_of_work_factory(create_session_factory(self.engine))
        self.accounts = AccountsService(uow_factory, CLOCK, SETTINGS)
        self.readings = ReadingsService(uow_factory, CLOCK, SETTINGS)
        self.history = HistoryService(uow_factory)
        self.customers: list[Customer] = []
        self._run = uuid.uuid4().hex[:8]

    async def prepare(self) -> None:
        """Finds the customers and the values they will send; removes earlier runs' readings."""
        await self.remove_sent_readings()
        async with self.engine.connect() as connection:
            linked = await connection.execute(
                select(users_table.c.id, account_links_table.c.account_id)
                .join(AccountLink, account_links_table.c.user_id == users_table.c.id)
                .where(users_table.c.phone.startswith(CUSTOMER_PHONE_PREFIX))
                .order_by(users_table.c.id)
            )
            pairs = linked.all()
        for user_id, account_id in pairs:
            meter = (await self.readings.meters_for(account_id))[0]
            values = {zone.zone: (zone.last_value or 0) + SENT_KWH for zone in meter.zones}
            self.customers.append(Customer(user_id, account_id, meter.id, values))
        if not self.customers:
            raise RuntimeError("the region's database has no benchmark customers")

    def customer(self, number: int) -> Customer:
        return self.customers[number % len(self.customers)]

    async def dashboard(self, number: int) -> object:
        return await self.accounts.dashboard(self.customer(number).user_id)

    async def send_readings(self, number: int) -> object:
        customer = self.customer(number)
        return await self.readings.submit(
            customer.user_id,
            customer.meter_id,
            customer.values,
            submission_key=f"bench:{self._run}:{number}",
            confirmed=True,
            replace_same_day=True,  # a customer sends again within the run
            sender=Sender(customer.user_id),
        )

    async def readings_page(self, number: int) -> object:
        return await self.history.readings(self.customer(number).account_id)

    async def charges_page(self, number: int) -> object:
        return await self.history.charges(self.customer(number).account_id)

    async def payments_page(self, number: int) -> object:
        return await self.history.payments(self.customer(number).account_id)

    async def remove_sent_readings(self) -> None:
        """What the submissions wrote: the database stays as loaded for the next run."""
        customers = select(users_table.c.id).where(
            users_table.c.phone.startswith(CUSTOMER_PHONE_PREFIX)
        )
        async with self.engine.begin() as connection:
            await connection.execute(delete(Reading).where(readings_table.c.user_id.in_(customers)))
            await connection.execute(
                delete(AuditEvent).where(audit_events_table.c.user_id.in_(customers))
            )

    async def close(self) -> None:
        await self.engine.dispose()
