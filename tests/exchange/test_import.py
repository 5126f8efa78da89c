"""Each kind of billing file loads, and loading the same files again changes nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncEngine

from core.exchange import BillingExchange
from storage.models import (
    accounts_table,
    charges_table,
    meters_table,
    payments_table,
    readings_table,
)
from tests.exchange import samples
from tests.exchange.conftest import NOW, WriteCsv
from tests.exchange.tables import rows_of, snapshot


async def import_all(exchange: BillingExchange, write_csv: WriteCsv) -> dict[str, tuple[int, ...]]:
    counts: dict[str, tuple[int, ...]] = {}
    for kind, text in samples.ALL.items():
        summary = await exchange.import_file(kind, write_csv(f"{kind}.csv", text))
        counts[kind] = (summary.rows, summary.inserted, summary.updated, summary.unchanged)
    return counts


async def test_each_kind_loads_its_rows(
    exchange: BillingExchange, write_csv: WriteCsv, any_engine: AsyncEngine
) -> None:
    counts = await import_all(exchange, write_csv)

    assert counts == {
        "accounts": (2, 2, 0, 0),
        "meters": (2, 2, 0, 0),
        "readings": (4, 4, 0, 0),
        "charges": (3, 3, 0, 0),
        "payments": (3, 3, 0, 0),
    }
    accounts = await rows_of(any_engine, accounts_table)
    assert accounts[0]["els"] == "26АБ000001"
    assert accounts[1]["els"] is None
    assert (accounts[1]["street"], accounts[1]["house"], accounts[1]["letter"]) == (
        "ул. Гагарина",
        "3",
        "а",
    )
    meters = await rows_of(any_engine, meters_table)
    assert meters[1]["zones"] == "T1;T2"
    assert meters[1]["account_id"] == accounts[1]["id"]
    assert meters[0]["installed_on"] == date(2019, 4, 10)


async def test_readings_are_stored_at_local_noon_in_the_month_they_were_taken(
    exchange: BillingExchange, write_csv: WriteCsv, any_engine: AsyncEngine
) -> None:
    await import_all(exchange, write_csv)

    readings = await rows_of(any_engine, readings_table)
    first = readings[0]
    assert first["value"] == Decimal("12345.6")
    assert first["taken_at"] == datetime(2025, 1, 24, 9, 0, tzinfo=UTC)  # noon in Moscow
    assert first["period"] == "2025-01"
    assert (first["source"], first["status"], first["created_at"]) == ("import", "accepted", NOW)
    assert [r["zone"] for r in readings] == ["T", "T", "T1", "T2"]
    assert readings[3]["status"] == "pending"


async def test_money_becomes_kopecks(
    exchange: BillingExchange, write_csv: WriteCsv, any_engine: AsyncEngine
) -> None:
    await import_all(exchange, write_csv)

    charges = await rows_of(any_engine, charges_table)
    assert [c["amount_kopecks"] for c in charges] == [94935, 70680, -3510]
    assert charges[0]["consumption_kwh"] == Decimal("156.4")
    assert charges[0]["tariff_rub"] == Decimal("6.07")
    assert charges[2]["consumption_kwh"] is None
    payments = await rows_of(any_engine, payments_table)
    assert [p["amount_kopecks"] for p in payments] == [94935, 30000, 30000]
    assert payments[0]["paid_at"] == datetime(2025, 3, 5, 9, 0, tzinfo=UTC)


async def test_two_identical_payments_on_one_day_are_two_payments(
    exchange: BillingExchange, write_csv: WriteCsv, any_engine: AsyncEngine
) -> None:
    await import_all(exchange, write_csv)

    payments = await rows_of(any_engine, payments_table)
    keys = [p["external_key"] for p in payments]
    assert len(set(keys)) == 3
    assert all(len(key) <= 64 for key in keys)


async def test_the_same_files_again_change_nothing(
    exchange: BillingExchange, write_csv: WriteCsv, any_engine: AsyncEngine
) -> None:
    await import_all(exchange, write_csv)
    before = await snapshot(any_engine)

    counts = await import_all(exchange, write_csv)

    assert counts == {
        "accounts": (2, 0, 0, 2),
        "meters": (2, 0, 0, 2),
        "readings": (4, 0, 0, 4),
        "charges": (3, 0, 0, 3),
        "payments": (3, 0, 0, 3),
    }
    assert await snapshot(any_engine) == before


async def test_a_changed_row_updates_only_that_row(
    exchange: BillingExchange, write_csv: WriteCsv, any_engine: AsyncEngine
) -> None:
    await import_all(exchange, write_csv)
    renamed = samples.ACCOUNTS.replace(
        "Петрова Анна Сергеевна", "Петрова Анна Сергеевна (наследник)"
    )
    repriced = samples.CHARGES.replace("6.07,949.35", "6.08,950.91")
    confirmed = samples.READINGS.replace("1700,import,pending", "1700,import,accepted")

    accounts = await exchange.import_file("accounts", write_csv("a2.csv", renamed))
    charges = await exchange.import_file("charges", write_csv("c2.csv", repriced))
    readings = await exchange.import_file("readings", write_csv("r2.csv", confirmed))

    assert (accounts.inserted, accounts.updated, accounts.unchanged) == (0, 1, 1)
    assert (charges.inserted, charges.updated, charges.unchanged) == (0, 1, 2)
    assert (readings.inserted, readings.updated, readings.unchanged) == (0, 1, 3)
    stored = await rows_of(any_engine, accounts_table)
    assert stored[1]["holder_name"] == "Петрова Анна Сергеевна (наследник)"
    stored_charges = await rows_of(any_engine, charges_table)
    assert stored_charges[0]["amount_kopecks"] == 95091
    stored_readings = await rows_of(any_engine, readings_table)
    assert [r["status"] for r in stored_readings] == ["accepted"] * 4


async def test_a_file_with_a_byte_order_mark_loads(
    exchange: BillingExchange, write_csv: WriteCsv, any_engine: AsyncEngine
) -> None:
    path = write_csv("accounts.csv", "\ufeff" + samples.ACCOUNTS.lstrip("\n"))

    summary = await exchange.import_file("accounts", path)

    assert summary.inserted == 2
    stored = await rows_of(any_engine, accounts_table)
    assert stored[0]["number"] == "260100000001"


async def test_columns_may_come_in_any_order(
    exchange: BillingExchange, write_csv: WriteCsv, any_engine: AsyncEngine
) -> None:
    await exchange.import_file("accounts", write_csv("a.csv", samples.ACCOUNTS))
    reordered = """
serial,account_number,zones,digits,model,installed_on,next_verification_on
34512876,260100000001,T,6,Меркурий 201.5,2019-04-10,2035-04-10
"""
    summary = await exchange.import_file("meters", write_csv("m.csv", reordered))

    assert summary.inserted == 1
    meters = await rows_of(any_engine, meters_table)
    assert (meters[0]["serial"], meters[0]["digits"], meters[0]["zones"]) == ("34512876", 6, "T")


async def test_a_rejected_reading_may_not_fit_the_meter(
    exchange: BillingExchange, write_csv: WriteCsv, any_engine: AsyncEngine
) -> None:
    await import_all(exchange, write_csv)
    typo = samples.READINGS + "260100000001,34512876,T,2025-03-21,1250300,bot,rejected\n"

    summary = await exchange.import_file("readings", write_csv("typo.csv", typo))

    assert (summary.inserted, summary.unchanged) == (1, 4)
    readings = await rows_of(any_engine, readings_table)
    assert readings[-1]["value"] == Decimal("1250300")
    assert readings[-1]["status"] == "rejected"
