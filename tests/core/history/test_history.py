from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from core.entities.bills import Bill
from core.enums import PaymentStatus, ReadingSource, ReadingStatus
from core.history.service import HistoryService
from storage.database import create_session_factory
from storage.uow import UnitOfWorkFactory, unit_of_work_factory
from tests.core.accounts.seed import NOW, Seed

START = datetime(2024, 1, 20, 9, tzinfo=UTC)


@pytest.fixture
def any_uow_factory(any_engine: AsyncEngine) -> UnitOfWorkFactory:
    return unit_of_work_factory(create_session_factory(any_engine))


@pytest.fixture
def seed(any_uow_factory: UnitOfWorkFactory) -> Seed:
    return Seed(any_uow_factory)


@pytest.fixture
def history(any_uow_factory: UnitOfWorkFactory) -> HistoryService:
    return HistoryService(any_uow_factory)


def month(index: int) -> tuple[datetime, str]:
    year, month_index = divmod(index, 12)
    when = START.replace(year=START.year + year, month=month_index + 1)
    return when, f"{when.year}-{when.month:02d}"


async def test_readings_come_newest_first_ten_a_page(history: HistoryService, seed: Seed) -> None:
    account = await seed.account()
    meter_id = await seed.meter(account.id)
    for index in range(23):
        when, period = month(index)
        await seed.reading(meter_id, str(1000 + index * 100), when, period, consumption="100")
    stranger = await seed.account()
    await seed.reading(await seed.meter(stranger.id), "1", NOW, "2026-07")

    first = await history.readings(account.id, page=1)
    last = await history.readings(account.id, page=3)

    assert (first.page, first.pages, first.total) == (1, 3, 23)
    assert [r.value for r in first.items[:2]] == [Decimal(3200), Decimal(3100)]
    assert len(first.items) == 10
    assert first.has_next and not first.has_previous
    assert [r.value for r in last.items] == [Decimal(1200), Decimal(1100), Decimal(1000)]
    assert not last.has_next
    item = first.items[0]
    assert (item.meter_serial, item.zone, item.period) == ("67005887", "T", "2025-11")
    assert (item.source, item.status, item.consumption) == (
        ReadingSource.IMPORT,
        ReadingStatus.ACCEPTED,
        Decimal(100),
    )


async def test_a_page_past_the_end_shows_the_last_page(history: HistoryService, seed: Seed) -> None:
    account = await seed.account()
    meter_id = await seed.meter(account.id)
    for index in range(12):
        when, period = month(index)
        await seed.reading(meter_id, str(index), when, period)

    page = await history.readings(account.id, page=7)

    assert (page.page, page.pages, len(page.items)) == (2, 2, 2)
    assert (await history.readings(account.id, page=0)).page == 1


async def test_an_empty_history_is_one_empty_page(history: HistoryService, seed: Seed) -> None:
    account = await seed.account()

    for page in (
        await history.readings(account.id, 1),
        await history.charges(account.id, 1),
        await history.payments(account.id, 1),
    ):
        assert (page.items, page.page, page.pages, page.total) == ([], 1, 1, 0)


async def test_readings_can_be_narrowed_to_one_meter(history: HistoryService, seed: Seed) -> None:
    account = await seed.account()
    kitchen = await seed.meter(account.id, serial="K")
    garage = await seed.meter(account.id, serial="G", zones="T1;T2")
    await seed.reading(kitchen, "10", NOW, "2026-07")
    await seed.reading(garage, "20", NOW - timedelta(days=1), "2026-07", zone="T1")
    await seed.reading(garage, "30", NOW - timedelta(days=1), "2026-07", zone="T2")

    both = await history.readings(account.id, 1)
    one = await history.readings(account.id, 1, meter_id=garage)

    assert [(r.meter_serial, r.zone) for r in both.items] == [("K", "T"), ("G", "T1"), ("G", "T2")]
    assert [(r.meter_serial, r.zone) for r in one.items] == [("G", "T1"), ("G", "T2")]
    assert one.total == 2


async def test_charges_come_newest_period_first_with_their_bill(
    history: HistoryService, seed: Seed, any_uow_factory: UnitOfWorkFactory
) -> None:
    account = await seed.account()
    for index in range(12):
        _when, period = month(index)
        await seed.charge(account.id, period, 10_000 + index)
    await seed.charge(account.id, "2024-12", 500, service="Прочее")
    async with any_uow_factory() as uow:
        uow.session.add(
            Bill(
                account_id=account.id,
                period="2024-12",
                charged_kopecks=10_511,
                debt_before_kopecks=0,
                paid_kopecks=0,
                total_kopecks=10_511,
                created_at=NOW,
            )
        )
        await uow.commit()

    first = await history.charges(account.id, 1)
    second = await history.charges(account.id, 2)

    assert (first.total, first.pages) == (13, 2)
    assert [(c.period, c.service) for c in first.items[:3]] == [
        ("2024-12", "Прочее"),
        ("2024-12", "Электроэнергия"),
        ("2024-11", "Электроэнергия"),
    ]
    assert first.items[0].bill_id is not None
    assert first.items[0].bill_id == first.items[1].bill_id
    assert first.items[2].bill_id is None
    assert first.items[1].amount_kopecks == 10_011
    assert first.items[1].tariff_rub == Decimal("6.47")
    assert [c.period for c in second.items] == ["2024-03", "2024-02", "2024-01"]


async def test_payments_come_newest_first_with_unpaid_ones_dated_by_creation(
    history: HistoryService, seed: Seed
) -> None:
    account = await seed.account()
    for index in range(11):
        when, _period = month(index)
        await seed.payment(account.id, 1_000 * (index + 1), when)
    await seed.payment(account.id, 777, None, status=PaymentStatus.CREATED, created_at=NOW)

    first = await history.payments(account.id, 1)

    assert (first.total, first.pages) == (12, 2)
    assert [(p.amount_kopecks, p.status) for p in first.items[:2]] == [
        (777, PaymentStatus.CREATED),
        (11_000, PaymentStatus.CONFIRMED),
    ]
    assert first.items[1].paid_at == month(10)[0]
    assert [p.amount_kopecks for p in (await history.payments(account.id, 2)).items] == [
        2_000,
        1_000,
    ]
