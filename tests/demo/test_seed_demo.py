"""Demo data: a consistent region, the same for the same seed, loaded through the importer."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Table, select
from sqlalchemy.ext.asyncio import AsyncEngine

from cli.main import main
from core.clock import FrozenClock
from core.demo.generator import generate_region
from core.demo.seeding import seed_demo
from core.settings import Settings
from storage.database import create_session_factory
from storage.models import (
    accounts_table,
    charges_table,
    meters_table,
    payments_table,
    readings_table,
)
from storage.uow import UnitOfWorkFactory, unit_of_work_factory

TODAY = datetime(2025, 11, 26, 10, 0, tzinfo=UTC)
ACCOUNTS = 40


async def seed(engine: AsyncEngine, *, seed: int = 7, force: bool = False) -> object:
    uow_factory: UnitOfWorkFactory = unit_of_work_factory(create_session_factory(engine))
    return await seed_demo(
        uow_factory,
        FrozenClock(TODAY),
        Settings(timezone="Europe/Moscow"),
        accounts=ACCOUNTS,
        seed=seed,
        force=force,
    )


async def all_rows(engine: AsyncEngine, table: Table) -> list[Any]:
    async with engine.connect() as connection:
        return list(await connection.execute(select(table)))


async def test_every_account_has_a_meter_and_two_years_of_readings(
    sqlite_engine: AsyncEngine,
) -> None:
    await seed(sqlite_engine)

    accounts = await all_rows(sqlite_engine, accounts_table)
    meters = await all_rows(sqlite_engine, meters_table)
    readings = await all_rows(sqlite_engine, readings_table)
    assert len(accounts) == ACCOUNTS
    meters_of = defaultdict(list)
    for meter in meters:
        meters_of[meter.account_id].append(meter)
    assert all(meters_of[account.id] for account in accounts)
    periods_of = defaultdict(set)
    values_of = defaultdict(list)
    for reading in sorted(readings, key=lambda r: r.taken_at):
        periods_of[reading.meter_id].add(reading.period)
        values_of[(reading.meter_id, reading.zone)].append(reading.value)
    for meter in meters:
        assert len(periods_of[meter.id]) == 24
        assert min(periods_of[meter.id]) == "2023-11"
        assert max(periods_of[meter.id]) == "2025-10"
        for zone in meter.zones.split(";"):
            values = values_of[(meter.id, zone)]
            assert len(values) == 24
            assert values == sorted(values)
            assert values[-1] < 10**meter.digits


async def test_charges_are_consumption_times_tariff(sqlite_engine: AsyncEngine) -> None:
    await seed(sqlite_engine)

    charges = await all_rows(sqlite_engine, charges_table)
    accounts = {a.id: a for a in await all_rows(sqlite_engine, accounts_table)}
    assert charges
    for charge in charges:
        expected = charge.consumption_kwh * charge.tariff_rub * 100
        assert abs(charge.amount_kopecks - expected) <= 1
        assert Decimal("2.00") <= charge.tariff_rub <= Decimal("9.50")  # ₽/kWh
    village = [c for c in charges if accounts[c.account_id].tariff == "сельский"]
    town = [c for c in charges if accounts[c.account_id].tariff == "городской"]
    assert village and town
    night = [c.tariff_rub for c in charges if c.service == "Электроэнергия (ночь)"]
    single = [c.tariff_rub for c in charges if c.service == "Электроэнергия"]
    assert night and max(night) < max(single)


async def test_payments_are_positive_and_mostly_settle_the_charges(
    sqlite_engine: AsyncEngine,
) -> None:
    await seed(sqlite_engine)

    payments = await all_rows(sqlite_engine, payments_table)
    charges = await all_rows(sqlite_engine, charges_table)
    assert payments
    assert all(p.amount_kopecks > 0 for p in payments)
    assert all(p.paid_at <= TODAY for p in payments)
    charged: defaultdict[int, int] = defaultdict(int)
    paid: defaultdict[int, int] = defaultdict(int)
    for charge in charges:
        charged[charge.account_id] += charge.amount_kopecks
    for payment in payments:
        paid[payment.account_id] += payment.amount_kopecks
    balances = [charged[a] - paid[a] for a in charged]
    in_debt = [b for b in balances if b > 1000_00]  # more than 1000 ₽
    overpaid = [b for b in balances if b < 0]
    assert in_debt, "some customers owe"
    assert overpaid, "some customers have paid ahead"
    assert len(in_debt) < len(balances) / 2


def test_the_same_seed_gives_the_same_region() -> None:
    first = list(generate_region(30, seed=5, today=date(2025, 11, 26)))
    again = list(generate_region(30, seed=5, today=date(2025, 11, 26)))
    other = list(generate_region(30, seed=6, today=date(2025, 11, 26)))

    assert first == again
    assert [c.accounts for c in first] != [c.accounts for c in other]
    assert all(len(c.accounts[0][1]) == 10 for c in first)  # ЕЛС of ГИС ЖКХ


async def test_seeding_skips_a_database_with_accounts_unless_forced(
    sqlite_engine: AsyncEngine,
) -> None:
    first = await seed(sqlite_engine)
    skipped = await seed(sqlite_engine, seed=99)
    forced = await seed(sqlite_engine, force=True)

    assert first.seeded and first.showcase  # type: ignore[attr-defined]
    assert not skipped.seeded  # type: ignore[attr-defined]
    # The same seed and day again: the importer finds every row already there.
    assert all(
        s.inserted == s.updated == 0 and s.unchanged == s.rows
        for s in forced.summaries  # type: ignore[attr-defined]
    )


def test_seed_demo_command_prints_accounts_to_link(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'demo.db'}")

    assert main(["seed-demo", "--accounts", "12", "--seed", "3"]) == 0
    first = capsys.readouterr().out
    assert main(["seed-demo", "--accounts", "12"]) == 0
    second = capsys.readouterr().out

    assert "accounts: 12 rows read, 12 inserted" in first
    assert "meters: 12 rows read, 12 inserted" in first
    assert "Demo accounts to link in the bot" in first
    linkable = [line for line in first.splitlines() if " ЕЛС " in line]
    assert 3 <= len(linkable) <= 5
    assert "nothing loaded" in second
