from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from core.accounts.service import AccountsService
from core.accounts.views import ServiceDebt
from core.clock import FrozenClock
from core.enums import PaymentStatus, ReadingStatus
from storage.database import create_session_factory
from storage.uow import UnitOfWorkFactory, unit_of_work_factory
from tests.core.accounts.seed import ELS, NOW, Seed, settings
from tests.sql import recorded_statements

LAST_MONTH = datetime(2026, 6, 24, 9, 0, tzinfo=UTC)
THIS_MONTH = datetime(2026, 7, 16, 9, 0, tzinfo=UTC)


@pytest.fixture
def any_uow_factory(any_engine: AsyncEngine) -> UnitOfWorkFactory:
    return unit_of_work_factory(create_session_factory(any_engine))


@pytest.fixture
def any_seed(any_uow_factory: UnitOfWorkFactory) -> Seed:
    return Seed(any_uow_factory)


@pytest.fixture
def any_accounts(any_uow_factory: UnitOfWorkFactory) -> AccountsService:
    return AccountsService(any_uow_factory, FrozenClock(NOW), settings())


async def linked_account(seed: Seed, accounts: AccountsService, user_id: int, number: str) -> int:
    account = await seed.account(number=number)
    await accounts.link_by_els(user_id, number, ELS)
    return account.id


async def test_the_dashboard_shows_money_meters_and_readings_of_each_account(
    any_seed: Seed, any_accounts: AccountsService
) -> None:
    seed, accounts = any_seed, any_accounts
    user_id = await seed.user()
    first = await linked_account(seed, accounts, user_id, "110000001")
    second = await linked_account(seed, accounts, user_id, "110000002")
    await linked_account(seed, accounts, await seed.user(), "110000003")
    single = await seed.meter(first, serial="67005887", digits=6)
    await seed.reading(single, "30000", datetime(2026, 6, 10, 9, tzinfo=UTC), "2026-06")
    await seed.reading(single, "30239", LAST_MONTH, "2026-06")
    await seed.reading(single, "30260", THIS_MONTH, "2026-07")
    await seed.reading(
        single, "99999", NOW, "2026-07", status=ReadingStatus.REJECTED, consumption="1"
    )
    day_night = await seed.meter(
        first, serial="70000001", zones="T1;T2", next_verification_on=date(2026, 9, 1)
    )
    await seed.reading(day_night, "1200", THIS_MONTH, "2026-07", zone="T1")
    await seed.reading(day_night, "800", THIS_MONTH, "2026-07", zone="T2")
    await seed.charge(first, "2026-05", 100_000)
    await seed.charge(first, "2026-06", 94_908)
    await seed.charge(first, "2026-06", 5_000, service="Прочее")
    await seed.payment(first, 100_000, datetime(2026, 6, 20, 9, tzinfo=UTC))
    # 00:30 on 1 July in Moscow, still June in UTC: paid this month.
    await seed.payment(first, 30_000, datetime(2026, 6, 30, 21, 30, tzinfo=UTC))
    await seed.payment(first, 50_000, None, status=PaymentStatus.PENDING)

    cards = await accounts.dashboard(user_id)

    assert [card.account_id for card in cards] == [first, second]
    card = cards[0]
    assert card.number == "110000001"
    assert card.address == "г. Ессентуки, ул. Терская, д. 128А, кв. 5"
    assert card.holder_name == "Иванов Иван Александрович"
    assert (card.branch, card.tariff) == ("Ессентукский филиал", "городской")
    assert card.debts == [ServiceDebt("Прочее", 5_000), ServiceDebt("Электроэнергия", 64_908)]
    assert card.total_debt_kopecks == 69_908
    assert card.paid_this_month_kopecks == 30_000
    meter, zoned = card.meters
    assert (meter.serial, meter.model, meter.tariff, meter.digits) == (
        "67005887",
        "Меркурий 201",
        "городской",
        6,
    )
    assert (meter.installed_on, meter.next_verification_on) == (date(2018, 8, 8), date(2034, 9, 30))
    assert not meter.verification_soon
    assert (meter.previous_period, meter.current_period) == ("2026-06", "2026-07")
    assert [(r.name, r.value, r.taken_on) for r in meter.previous_readings] == [
        ("Одноставочная", Decimal("30239"), date(2026, 6, 24))
    ]
    assert [(r.name, r.value) for r in meter.current_readings] == [
        ("Одноставочная", Decimal("30260"))
    ]
    assert zoned.verification_soon
    assert zoned.previous_readings == []
    assert [(r.zone, r.name, r.value) for r in zoned.current_readings] == [
        ("T1", "День", Decimal("1200")),
        ("T2", "Ночь", Decimal("800")),
    ]
    empty = cards[1]
    assert (empty.debts, empty.paid_this_month_kopecks, empty.meters) == ([], 0, [])


async def test_an_overpayment_shows_as_a_negative_debt(
    any_seed: Seed, any_accounts: AccountsService
) -> None:
    user_id = await any_seed.user()
    account_id = await linked_account(any_seed, any_accounts, user_id, "110000001")
    await any_seed.charge(account_id, "2026-06", 10_000)
    await any_seed.payment(account_id, 15_000, LAST_MONTH)

    (card,) = await any_accounts.dashboard(user_id)

    assert card.debts == [ServiceDebt("Электроэнергия", -5_000)]


async def fill_account(seed: Seed, accounts: AccountsService, user_id: int, number: str) -> None:
    account_id = await linked_account(seed, accounts, user_id, number)
    for serial, zones in (("A1", "T"), ("A2", "T1;T2;T3")):
        meter_id = await seed.meter(account_id, serial=serial, zones=zones)
        for zone in zones.split(";"):
            await seed.reading(meter_id, "100", LAST_MONTH, "2026-06", zone=zone)
            await seed.reading(meter_id, "200", THIS_MONTH, "2026-07", zone=zone)
    await seed.charge(account_id, "2026-06", 10_000)
    await seed.payment(account_id, 5_000, THIS_MONTH)


async def test_the_number_of_queries_does_not_grow_with_the_number_of_accounts(
    any_engine: AsyncEngine, any_seed: Seed, any_accounts: AccountsService
) -> None:
    one, many = await any_seed.user(), await any_seed.user()
    await fill_account(any_seed, any_accounts, one, "120000000")
    for index in range(6):
        await fill_account(any_seed, any_accounts, many, f"13000000{index}")

    with recorded_statements(any_engine) as for_one:
        assert len(await any_accounts.dashboard(one)) == 1
    with recorded_statements(any_engine) as for_many:
        assert len(await any_accounts.dashboard(many)) == 6

    assert len(for_many) == len(for_one) <= 6


async def test_every_dashboard_query_is_served_by_an_index(
    sqlite_engine: AsyncEngine, seed: Seed, accounts: AccountsService
) -> None:
    user_id = await seed.user()
    await fill_account(seed, accounts, user_id, "120000000")
    with recorded_statements(sqlite_engine) as statements:
        await accounts.dashboard(user_id)

    plans: list[str] = []
    async with sqlite_engine.connect() as conn:
        for statement, parameters in statements:
            explained = await conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters)
            plans.extend(row._mapping["detail"] for row in explained)
    full_scans = [plan for plan in plans if plan.startswith("SCAN") and "INDEX" not in plan]
    assert plans
    assert full_scans == []
    # A period holds a reading of nearly every meter: only a meter-first index stays small.
    readings = [plan for plan in plans if plan.startswith("SEARCH readings")]
    assert readings
    assert all("meter_id=?" in plan for plan in readings)
