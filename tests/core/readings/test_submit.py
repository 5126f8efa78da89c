from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from core.clock import FrozenClock
from core.entities.audit import AuditEvent
from core.entities.readings import Reading
from core.enums import AuditAction, ReadingSource, ReadingStatus
from core.readings.errors import (
    ConfirmationRequired,
    MeterNotFound,
    ReadingBelowLast,
    SameDayReadingExists,
    SubmissionKeyReused,
    TooManyDecimals,
    TooManyDigits,
    ZonesMismatch,
)
from core.readings.service import ReadingsService
from core.readings.views import WarningCode
from storage.database import create_session_factory
from storage.models import readings_table
from storage.uow import UnitOfWorkFactory, unit_of_work_factory
from tests.core.accounts.seed import NOW, Seed, settings

LAST_VALUE = 30239


async def meter_with_a_year_of_history(seed: Seed, digits: int = 5, last: int = LAST_VALUE) -> int:
    """Twelve monthly readings 200 kWh apart, the last on 24 June; the tariff is 6.47 ₽."""
    account = await seed.account()
    meter_id = await seed.meter(account.id, digits=digits, decimals=1)
    for months_ago in range(11, -1, -1):
        month = 6 - months_ago
        year = 2026 if month > 0 else 2025
        month = month if month > 0 else month + 12
        await seed.reading(
            meter_id,
            str((last - 200 * months_ago) % 10**digits),
            datetime(year, month, 24, 9, tzinfo=UTC),
            f"{year}-{month:02d}",
            consumption="200",
        )
    await seed.charge(account.id, "2026-06", 129_400, tariff_rub="6.47")
    return meter_id


async def stored(uow_factory: UnitOfWorkFactory, meter_id: int) -> list[tuple[str, Decimal, str]]:
    async with uow_factory() as uow:
        rows = await uow.session.execute(
            select(readings_table.c.zone, readings_table.c.value, readings_table.c.status)
            .where(
                readings_table.c.meter_id == meter_id,
                readings_table.c.taken_at >= NOW - timedelta(days=1),
            )
            .order_by(readings_table.c.id)
        )
        return [(zone, value, status) for zone, value, status in rows.all()]


async def test_meters_come_with_their_zones_names_and_last_values(
    readings: ReadingsService, seed: Seed
) -> None:
    account = await seed.account()
    single = await seed.meter(account.id, serial="A")
    two = await seed.meter(account.id, serial="B", zones="T1;T2")
    await seed.meter(account.id, serial="C", zones="T1;T2;T3")
    # 23:30 UTC on 23 June is already 24 June in Moscow.
    await seed.reading(single, "5670", datetime(2026, 6, 23, 21, 30, tzinfo=UTC), "2026-06")
    await seed.reading(two, "100", datetime(2026, 6, 1, tzinfo=UTC), "2026-06", zone="T1")
    await seed.reading(
        two,
        "150",
        datetime(2026, 6, 2, tzinfo=UTC),
        "2026-06",
        zone="T1",
        status=ReadingStatus.REJECTED,
    )

    meters = await readings.meters_for(account.id)

    assert [[(z.zone, z.name) for z in m.zones] for m in meters] == [
        [("T", "Одноставочная")],
        [("T1", "День"), ("T2", "Ночь")],
        [("T1", "Пик"), ("T2", "Полупик"), ("T3", "Ночь")],
    ]
    assert (meters[0].zones[0].last_value, meters[0].zones[0].last_taken_on) == (
        Decimal("5670"),
        date(2026, 6, 24),
    )
    assert [z.last_value for z in meters[1].zones] == [Decimal("100"), None]
    assert meters[0].model == "Меркурий 201"


async def test_the_preview_shows_consumption_and_an_estimate_at_the_tariff(
    readings: ReadingsService, seed: Seed
) -> None:
    meter_id = await meter_with_a_year_of_history(seed)

    preview = await readings.preview(meter_id, {"T": Decimal("30260")})

    (zone,) = preview.zones
    assert (zone.previous, zone.previous_taken_on, zone.value) == (
        Decimal(LAST_VALUE),
        date(2026, 6, 24),
        Decimal("30260"),
    )
    assert zone.consumption == Decimal(21)
    assert zone.estimated_kopecks == 13_587  # 21 kWh x 6.47 ₽
    assert preview.estimated_kopecks == 13_587
    assert not preview.needs_confirmation
    assert (preview.period, preview.outside_window) == ("2026-07", False)
    assert (preview.window_opens, preview.window_closes) == (date(2026, 7, 15), date(2026, 7, 25))


async def test_an_accepted_reading_becomes_the_new_last_value_and_is_audited(
    readings: ReadingsService, seed: Seed, uow_factory: UnitOfWorkFactory
) -> None:
    meter_id = await meter_with_a_year_of_history(seed)
    user_id = await seed.user()

    result = await readings.submit(
        user_id, meter_id, {"T": Decimal("30260.5")}, "key-1", photo_path="photos/m.jpg"
    )

    assert result.status == ReadingStatus.ACCEPTED
    assert not result.replayed
    assert [(z.zone, z.name, z.value, z.consumption) for z in result.zones] == [
        ("T", "Одноставочная", Decimal("30260.5"), Decimal("21.5"))
    ]
    (meter,) = await readings.meters_for(await _account_of(uow_factory, meter_id))
    assert meter.zones[0].last_value == Decimal("30260.5")
    async with uow_factory() as uow:
        row = await uow.session.scalar(
            select(Reading).where(readings_table.c.submission_key == "key-1")
        )
        audit = await uow.session.scalar(select(AuditEvent))
        assert row is not None and audit is not None
        assert (row.user_id, row.source, row.photo_path, row.period) == (
            user_id,
            ReadingSource.BOT.value,
            "photos/m.jpg",
            "2026-07",
        )
        assert (audit.user_id, audit.action) == (user_id, AuditAction.READINGS_SENT.value)
        assert audit.account_id == await _account_of(uow_factory, meter_id)


async def _account_of(uow_factory: UnitOfWorkFactory, meter_id: int) -> int:
    async with uow_factory() as uow:
        meter = await uow.meters.get(meter_id)
        assert meter is not None
        return meter.account_id


async def test_a_value_below_the_last_is_refused_and_nothing_is_written(
    readings: ReadingsService, seed: Seed, uow_factory: UnitOfWorkFactory
) -> None:
    meter_id = await meter_with_a_year_of_history(seed)

    with pytest.raises(ReadingBelowLast) as caught:
        await readings.submit(None, meter_id, {"T": Decimal("30200")}, "key-1")

    assert caught.value.code == "reading_below_last"
    assert caught.value.params["last"] == Decimal(LAST_VALUE)
    assert await stored(uow_factory, meter_id) == []


async def test_a_value_that_does_not_fit_the_dial_is_refused(
    readings: ReadingsService, seed: Seed
) -> None:
    meter_id = await meter_with_a_year_of_history(seed)

    with pytest.raises(TooManyDigits):
        await readings.submit(None, meter_id, {"T": Decimal("130260")}, "key-1")
    with pytest.raises(TooManyDecimals):
        await readings.submit(None, meter_id, {"T": Decimal("30260.25")}, "key-2")


async def test_a_rollover_is_sent_only_when_confirmed_and_then_waits_for_staff(
    readings: ReadingsService, seed: Seed, uow_factory: UnitOfWorkFactory
) -> None:
    meter_id = await meter_with_a_year_of_history(seed, last=99_990)

    with pytest.raises(ConfirmationRequired) as caught:
        await readings.submit(None, meter_id, {"T": Decimal("15")}, "key-1")

    (warning,) = caught.value.preview.warnings
    assert (warning.code, warning.zone, warning.consumption) == (
        WarningCode.ROLLOVER,
        "T",
        Decimal(25),
    )
    assert caught.value.preview.zones[0].rollover
    assert await stored(uow_factory, meter_id) == []
    result = await readings.submit(None, meter_id, {"T": Decimal("15")}, "key-1", confirmed=True)
    assert result.status == ReadingStatus.PENDING
    assert result.zones[0].consumption == Decimal(25)


async def test_far_more_than_usual_needs_confirmation(
    readings: ReadingsService, seed: Seed
) -> None:
    meter_id = await meter_with_a_year_of_history(seed)

    preview = await readings.preview(meter_id, {"T": Decimal(LAST_VALUE + 700)})

    (warning,) = preview.warnings
    assert (warning.code, warning.consumption, warning.usual_kwh) == (
        WarningCode.HIGH_CONSUMPTION,
        Decimal(700),
        Decimal(200),
    )
    with pytest.raises(ConfirmationRequired):
        await readings.submit(None, meter_id, {"T": Decimal(LAST_VALUE + 700)}, "key-1")
    result = await readings.submit(
        None, meter_id, {"T": Decimal(LAST_VALUE + 700)}, "key-1", confirmed=True
    )
    assert result.status == ReadingStatus.PENDING


async def test_all_zones_of_a_meter_go_together(readings: ReadingsService, seed: Seed) -> None:
    account = await seed.account()
    meter_id = await seed.meter(account.id, zones="T1;T2")

    with pytest.raises(ZonesMismatch) as caught:
        await readings.submit(None, meter_id, {"T1": Decimal(100)}, "key-1")
    assert caught.value.params == {"expected": ["T1", "T2"], "missing": ["T2"], "unknown": []}
    with pytest.raises(ZonesMismatch) as caught:
        await readings.preview(meter_id, {"T1": Decimal(1), "T2": Decimal(1), "T3": Decimal(1)})
    assert caught.value.params["unknown"] == ["T3"]

    result = await readings.submit(None, meter_id, {"T1": Decimal(100), "T2": Decimal(50)}, "k")
    assert [(z.name, z.consumption) for z in result.zones] == [("День", None), ("Ночь", None)]


async def test_after_the_window_the_reading_counts_for_the_next_period(
    readings: ReadingsService, seed: Seed, clock: FrozenClock
) -> None:
    meter_id = await meter_with_a_year_of_history(seed)
    clock.set(datetime(2026, 7, 25, 21, 30, tzinfo=UTC))  # 00:30 on 26 July in Moscow

    result = await readings.submit(None, meter_id, {"T": Decimal("30260")}, "key-1")

    assert result.status == ReadingStatus.ACCEPTED
    assert (result.period, result.outside_window) == ("2026-08", True)
    assert (result.window_opens, result.window_closes) == (date(2026, 8, 15), date(2026, 8, 25))


async def test_the_same_key_twice_returns_the_first_result_and_writes_nothing(
    readings: ReadingsService, seed: Seed, uow_factory: UnitOfWorkFactory, clock: FrozenClock
) -> None:
    meter_id = await meter_with_a_year_of_history(seed)
    first = await readings.submit(None, meter_id, {"T": Decimal("30260")}, "key-1")
    clock.advance(timedelta(minutes=1))

    again = await readings.submit(None, meter_id, {"T": Decimal("30270")}, "key-1")

    assert again.replayed
    assert (again.status, again.period, again.zones) == (first.status, first.period, first.zones)
    assert await stored(uow_factory, meter_id) == [("T", Decimal("30260"), "accepted")]
    other_account = await seed.account()
    other_meter = await seed.meter(other_account.id)
    with pytest.raises(SubmissionKeyReused):
        await readings.submit(None, other_meter, {"T": Decimal(1)}, "key-1")


async def test_a_second_reading_on_the_same_day_replaces_the_first_only_when_asked(
    readings: ReadingsService, seed: Seed, uow_factory: UnitOfWorkFactory, clock: FrozenClock
) -> None:
    meter_id = await meter_with_a_year_of_history(seed)
    await readings.submit(None, meter_id, {"T": Decimal("30300")}, "key-1")
    clock.advance(timedelta(hours=2))

    with pytest.raises(SameDayReadingExists) as caught:
        await readings.submit(None, meter_id, {"T": Decimal("30260")}, "key-2")
    assert caught.value.code == "same_day_exists"

    # The typo is corrected downwards: the new value is checked against June, not this morning.
    result = await readings.submit(
        None, meter_id, {"T": Decimal("30260")}, "key-3", replace_same_day=True
    )
    assert result.zones[0].consumption == Decimal(21)
    assert await stored(uow_factory, meter_id) == [
        ("T", Decimal("30300"), "rejected"),
        ("T", Decimal("30260"), "accepted"),
    ]
    clock.advance(timedelta(days=1))
    await readings.submit(None, meter_id, {"T": Decimal("30270")}, "key-4")


async def test_an_unknown_meter_is_a_clear_error(readings: ReadingsService) -> None:
    with pytest.raises(MeterNotFound) as caught:
        await readings.preview(404, {"T": Decimal(1)})

    assert caught.value.params == {"meter_id": 404}
    with pytest.raises(MeterNotFound):
        await readings.meter(404)


async def test_a_meter_names_its_account_for_the_ownership_check(
    readings: ReadingsService, seed: Seed
) -> None:
    account = await seed.account()
    meter_id = await seed.meter(account.id)

    meter = await readings.meter(meter_id)

    assert (meter.id, meter.account_id, meter.serial) == (meter_id, account.id, "67005887")


async def test_a_double_tap_writes_one_reading(any_engine: AsyncEngine) -> None:
    uow_factory = unit_of_work_factory(create_session_factory(any_engine))
    seed = Seed(uow_factory)
    meter_id = await meter_with_a_year_of_history(seed)
    readings = ReadingsService(uow_factory, FrozenClock(NOW), settings())

    results = await asyncio.gather(
        *(readings.submit(None, meter_id, {"T": Decimal("30260")}, "tap") for _ in range(2))
    )

    assert {r.zones[0].value for r in results} == {Decimal("30260")}
    assert sorted(r.replayed for r in results) == [False, True]
    async with uow_factory() as uow:
        count = await uow.session.scalar(
            select(func.count())
            .select_from(Reading)
            .where(readings_table.c.submission_key == "tap")
        )
    assert count == 1
