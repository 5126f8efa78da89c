"""A file with bad rows loads nothing and names every bad line."""

from __future__ import annotations

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from core.exchange import BillingExchange, ImportRejected
from tests.exchange import samples
from tests.exchange.conftest import WriteCsv, exchange_on
from tests.exchange.tables import snapshot


async def load_accounts_and_meters(exchange: BillingExchange, write_csv: WriteCsv) -> None:
    await exchange.import_file("accounts", write_csv("accounts.csv", samples.ACCOUNTS))
    await exchange.import_file("meters", write_csv("meters.csv", samples.METERS))


async def rejection(exchange: BillingExchange, kind: str, path: object) -> ImportRejected:
    with pytest.raises(ImportRejected) as caught:
        await exchange.import_file(kind, path)  # type: ignore[arg-type]
    return caught.value


@pytest.mark.parametrize(
    ("kind", "bad_row", "message"),
    [
        (
            "accounts",
            "260100000009,,Пятигорский,г. Пятигорск,ул. Мира,1,,,Сидоров С. С.,городской",
            "expected 11 fields, found 10",
        ),
        (
            "accounts",
            "260100000009,26АБ00,Пятигорский,г. Пятигорск,,,,,,Сидоров С. С.,городской",
            "els '26АБ00' is not 10 digits or capital letters",
        ),
        ("accounts", "260100000009,,,г. Пятигорск,,,,,,Сидоров С. С.,городской", "branch is empty"),
        (
            "meters",
            "260100000001,999,Нева 103,6,T,2019-02-30,",
            "installed_on '2019-02-30' is not a date YYYY-MM-DD",
        ),
        (
            "meters",
            "260100000001,999,Нева 103,6,T1;T3,,",
            "zones 'T1;T3' is not one of T, T1;T2, T1;T2;T3",
        ),
        ("meters", "269999999999,999,Нева 103,6,T,,", "account 269999999999 is not known"),
        (
            "meters",
            "260100000001,999,Нева 103,²,T,,",
            "digits '²' is not a whole number 4 to 9",
        ),
        (
            "payments",
            "260100000001,2025-03-05,١٠٠.00,Электроэнергия,bank,confirmed",
            "amount_rub '١٠٠.00' is not an amount in roubles like 949.08",
        ),
        (
            "readings",
            "260100000001,34512876,T,2025-03-21,12600,bot,maybe",
            "status 'maybe' is not one of accepted, rejected, pending",
        ),
        (
            "readings",
            "260100000001,00000000,T,2025-03-21,12600,import,accepted",
            "account 260100000001 has no meter 00000000",
        ),
        (
            "readings",
            "260100000001,34512876,T2,2025-03-21,12600,import,accepted",
            "zone T2 is not a zone of meter 34512876 (T)",
        ),
        (
            "readings",
            "260100000002,011234567,T3,2025-03-21,4600,import,accepted",
            "zone T3 is not a zone of meter 011234567 (T1;T2)",
        ),
        (
            "readings",
            "260100000001,34512876,T,2025-03-21,1234567,import,accepted",
            "value 1234567 does not fit the meter's 6 digits",
        ),
        (
            "readings",
            "260100000001,34512876,T,2025-03-21,12600.1234,import,accepted",
            "value '12600.1234' has more than 3 decimals",
        ),
        (
            "readings",
            "260100000001,34512876,T,21.03.2025,12600,import,accepted",
            "taken_on '21.03.2025' is not a date YYYY-MM-DD",
        ),
        (
            "charges",
            "260100000001,2025-13,Электроэнергия,1,6.07,6.07",
            "period '2025-13' is not a month YYYY-MM",
        ),
        (
            "charges",
            "260100000001,2025-03,Электроэнергия,1,6.07,949.085",
            "amount_rub '949.085' has more than 2 decimals",
        ),
        (
            "charges",
            "260100000001,2025-03,Электроэнергия,1,6.07,949,08",
            "expected 6 fields, found 7",
        ),
        (
            "charges",
            "260100000001,2025-03,Электроэнергия,-5,6.07,10.00",
            "consumption_kwh '-5' is negative",
        ),
        (
            "payments",
            "260100000001,2025-03-05,-100.00,Электроэнергия,bank,confirmed",
            "amount_rub '-100.00' is negative",
        ),
        (
            "payments",
            "260100000001,2025-03-05,1 000.00,Электроэнергия,bank,confirmed",
            "amount_rub '1 000.00' is not an amount in roubles like 949.08",
        ),
        (
            "payments",
            "260100000003,2025-03-05,100.00,Электроэнергия,bank,confirmed",
            "account 260100000003 is not known",
        ),
        (
            "payments",
            "260100000001,2025-03-05,100.00,Электроэнергия," + "Агент" * 21 + ",confirmed",
            "source is longer than 100 characters",
        ),
        (
            "payments",
            "260100000001,2025-03-05,100.00,Электроэнергия, ,confirmed",
            "source is empty",
        ),
    ],
)
async def test_one_bad_row_rejects_the_file_and_names_its_line(
    write_csv: WriteCsv, sqlite_engine: AsyncEngine, kind: str, bad_row: str, message: str
) -> None:
    # SQLite only: a score of cases; the PostgreSQL run of rejection is the test below.
    exchange = exchange_on(sqlite_engine)
    await load_accounts_and_meters(exchange, write_csv)
    good = samples.ALL[kind].strip("\n").splitlines()
    # The bad row goes between good ones: nothing before it may be loaded either.
    text = "\n".join([*good[:2], bad_row, *good[2:]]) + "\n"
    before = await snapshot(sqlite_engine)

    rejected = await rejection(exchange, kind, write_csv(f"bad-{kind}.csv", text))

    assert [(p.line, p.message) for p in rejected.problems] == [(3, message)]
    assert await snapshot(sqlite_engine) == before


async def test_every_bad_line_is_listed_in_order(
    exchange: BillingExchange, write_csv: WriteCsv, any_engine: AsyncEngine
) -> None:
    text = samples.ACCOUNTS + (
        "260100000003,,Пятигорский,г. Пятигорск,,,,,,,городской\n"
        "bad number!,,Пятигорский,г. Пятигорск,,,,,,Орлов О. О.,городской\n"
        "260100000001,,Пятигорский,г. Пятигорск,,,,,,Дубль Д. Д.,городской\n"
    )

    rejected = await rejection(exchange, "accounts", write_csv("accounts.csv", text))

    assert [(p.line, p.message) for p in rejected.problems] == [
        (4, "holder_name is empty"),
        (5, "account_number 'bad number!' is not 1-20 digits or letters"),
        (6, "repeats the row on line 2"),
    ]
    assert rejected.total == 3
    assert (await snapshot(any_engine))["accounts"] == []


async def test_a_wrong_header_is_line_one(exchange: BillingExchange, write_csv: WriteCsv) -> None:
    text = samples.ACCOUNTS.replace("holder_name", "holder")

    rejected = await rejection(exchange, "accounts", write_csv("accounts.csv", text))

    assert len(rejected.problems) == 1
    assert rejected.problems[0].line == 1
    assert "missing: holder_name; unknown: holder" in rejected.problems[0].message


async def test_a_file_that_is_not_utf8_is_rejected(
    exchange: BillingExchange, write_csv: WriteCsv, any_engine: AsyncEngine
) -> None:
    path = write_csv("accounts.csv", "")
    path.write_bytes(samples.ACCOUNTS.lstrip("\n").encode("cp1251"))

    rejected = await rejection(exchange, "accounts", path)

    assert "not valid UTF-8" in rejected.problems[0].message
    assert (await snapshot(any_engine))["accounts"] == []
