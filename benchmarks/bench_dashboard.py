"""Latency of one user's dashboard with 1,000 and with 1,000,000 accounts in the database.

Every query of the dashboard should go through an index, so the two medians should be within
20 % of each other. The databases come from bench_import's cache (built when missing); each run
works on a copy with the measured user, their link and a year of history added, and the calls
alternate between the two databases.
"""

from __future__ import annotations

import asyncio
import shutil
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from benchmarks.bench_import import (
    CLOCK,
    SETTINGS,
    account_number,
    bench_accounts,
    cached_database,
)
from benchmarks.figure import Figure
from core.accounts.service import AccountsService
from core.demo.catalog import METER_MODELS, ZONE_SHARES
from core.entities.accounts import AccountLink
from core.entities.users import User
from core.enums import LinkMethod, LinkStatus
from core.exchange import BillingExchange
from storage.database import create_engine, create_session_factory
from storage.models import accounts_table
from storage.uow import UnitOfWorkFactory, unit_of_work_factory

SMALL = 1_000
WARM_UP_CALLS = 20
TIMED_CALLS = 200
TARGET_RATIO = 1.2
MONTHS = 12


def run() -> list[Figure]:
    accounts = bench_accounts()
    sources = {SMALL: cached_database(SMALL), accounts: cached_database(accounts)}
    small, large = asyncio.run(_median_latencies(sources))
    ratio = large / small
    return [
        Figure(f"dashboard median, {SMALL:,} accounts", f"{small * 1000:.2f} ms"),
        Figure(f"dashboard median, {accounts:,} accounts", f"{large * 1000:.2f} ms"),
        Figure("dashboard large / small", f"{ratio:.2f}", f"<= {TARGET_RATIO:.2f} (within 20 %)"),
    ]


async def _median_latencies(sources: dict[int, Path]) -> list[float]:
    """Medians per database, the calls alternating between them so that whatever else the
    machine is doing weighs on both alike."""
    with tempfile.TemporaryDirectory() as scratch:
        engines: list[AsyncEngine] = []
        try:
            dashboards = []
            for accounts, source in sources.items():
                database = Path(scratch) / f"cabinet-{accounts}.db"
                shutil.copyfile(source, database)
                engines.append(create_engine(f"sqlite+aiosqlite:///{database}"))
                dashboards.append(await _measured_dashboard(engines[-1], accounts))
            timings: list[list[float]] = [[] for _ in dashboards]
            for call in range(WARM_UP_CALLS + TIMED_CALLS):
                for dashboard, spent in zip(dashboards, timings, strict=True):
                    started = time.perf_counter()
                    await dashboard()
                    if call >= WARM_UP_CALLS:
                        spent.append(time.perf_counter() - started)
            return [statistics.median(spent) for spent in timings]
        finally:
            for engine in engines:
                await engine.dispose()


async def _measured_dashboard(
    engine: AsyncEngine, accounts: int
) -> Callable[[], Awaitable[object]]:
    """The dashboard call of a user linked to the middle account, with a year of history."""
    uow_factory = unit_of_work_factory(create_session_factory(engine))
    index = accounts // 2
    await _add_history(uow_factory, index)
    user_id = await _add_linked_user(uow_factory, account_number(index))
    service = AccountsService(uow_factory, CLOCK, SETTINGS)
    return lambda: service.dashboard(user_id)


async def _add_history(uow_factory: UnitOfWorkFactory, index: int) -> None:
    """A year of readings, charges and payments of the measured account, through the importer."""
    number = account_number(index)
    model = METER_MODELS[index % len(METER_MODELS)]  # as bench_import wrote the meter
    serial = f"{index:08d}"
    readings, charges, payments = [], [], []
    for month in range(MONTHS):
        year, month_number = 2024 + (10 + month) // 12, (10 + month) % 12 + 1
        taken_on = date(year, month_number, 22).isoformat()
        for zone, share in ZONE_SHARES[model.zones].items():
            value = str(1000 + (month + 1) * int(200 * share))
            readings.append([number, serial, zone, taken_on, value, "web", "accepted"])
        period = f"{year:04d}-{month_number:02d}"
        charges.append([number, period, "Электроэнергия", "200", "6.83", "1366.00"])
        paid_on = date(year, month_number, 28).isoformat()
        payments.append([number, paid_on, "1366.00", "Электроэнергия", "bank", "confirmed"])
    exchange = BillingExchange(uow_factory, CLOCK, SETTINGS)
    await exchange.import_records("readings", readings)
    await exchange.import_records("charges", charges)
    await exchange.import_records("payments", payments)


async def _add_linked_user(uow_factory: UnitOfWorkFactory, number: str) -> int:
    async with uow_factory() as uow:
        account_id = (
            await uow.session.execute(
                select(accounts_table.c.id).where(accounts_table.c.number == number)
            )
        ).scalar_one()
        user = User(phone="+79280000000", created_at=CLOCK.now())
        uow.session.add(user)
        await uow.session.flush()
        uow.session.add(
            AccountLink(
                user_id=user.id,
                account_id=account_id,
                status=LinkStatus.ACTIVE.value,
                method=LinkMethod.ELS.value,
                created_at=CLOCK.now(),
            )
        )
        await uow.commit()
        return user.id
