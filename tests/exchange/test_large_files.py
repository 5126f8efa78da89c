"""Files larger than one load batch: early batches are written before a late row turns out bad,
and still nothing of the file stays; a large file imported twice changes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from core.clock import FrozenClock
from core.exchange import BillingExchange, ImportRejected
from core.settings import Settings
from storage.database import create_session_factory
from storage.uow import unit_of_work_factory
from tests.exchange.conftest import NOW, WriteCsv
from tests.exchange.tables import snapshot

BATCH_SIZE = 1000
ROWS = 2 * BATCH_SIZE + BATCH_SIZE // 4  # the first batches are written before the last is read
ACCOUNT_HEADER = (
    "account_number,els,branch,locality,street,house,letter,building,apartment,holder_name,tariff"
)
METER_HEADER = "account_number,serial,model,digits,zones,installed_on,next_verification_on"


def number(index: int) -> str:
    return f"26{index:010d}"


def account_line(index: int) -> str:
    return f"{number(index)},,Пятигорский,г. Пятигорск,ул. Мира,{index % 90 + 1},,,,Житель {index},городской"


def meter_line(index: int) -> str:
    return f"{number(index)},{index:08d},Меркурий 201.5,6,T,2019-04-10,2035-04-10"


def csv_text(header: str, lines: list[str]) -> str:
    return "\n".join([header, *lines]) + "\n"


def line_of(index: int) -> int:
    """The file line of data row `index` (the header is line 1)."""
    return index + 2


@pytest.fixture
def exchange(any_engine: AsyncEngine) -> BillingExchange:
    """The exchange with small batches, so that a file of a few thousand rows has several."""
    return BillingExchange(
        unit_of_work_factory(create_session_factory(any_engine)),
        FrozenClock(NOW),
        Settings(timezone="Europe/Moscow"),
        batch_size=BATCH_SIZE,
    )


async def rejection(exchange: BillingExchange, kind: str, path: Path) -> ImportRejected:
    with pytest.raises(ImportRejected) as caught:
        await exchange.import_file(kind, path)
    return caught.value


async def test_bad_rows_scattered_through_a_large_file_load_nothing(
    exchange: BillingExchange, write_csv: WriteCsv, any_engine: AsyncEngine
) -> None:
    lines = [account_line(index) for index in range(ROWS)]
    lines[3] = lines[3].replace(",Пятигорский,", ",,")
    lines[BATCH_SIZE + 5] = number(7) + lines[BATCH_SIZE + 5][12:]  # repeats row 7
    lines[ROWS - 1] = lines[ROWS - 1].replace(",городской", ",городской,лишнее")
    before = await snapshot(any_engine)

    rejected = await rejection(
        exchange, "accounts", write_csv("a.csv", csv_text(ACCOUNT_HEADER, lines))
    )

    assert [(problem.line, problem.message) for problem in rejected.problems] == [
        (line_of(3), "branch is empty"),
        (line_of(BATCH_SIZE + 5), f"repeats the row on line {line_of(7)}"),
        (line_of(ROWS - 1), "expected 11 fields, found 12"),
    ]
    assert await snapshot(any_engine) == before


async def test_an_unknown_account_late_in_a_large_meters_file_loads_no_meter(
    exchange: BillingExchange, write_csv: WriteCsv, any_engine: AsyncEngine
) -> None:
    accounts = [account_line(index) for index in range(ROWS)]
    await exchange.import_file("accounts", write_csv("a.csv", csv_text(ACCOUNT_HEADER, accounts)))
    meters = [meter_line(index) for index in range(ROWS)]
    meters[ROWS - 2] = meter_line(ROWS + 1)  # an account the table does not have
    before = await snapshot(any_engine)

    rejected = await rejection(
        exchange, "meters", write_csv("m.csv", csv_text(METER_HEADER, meters))
    )

    assert [(problem.line, problem.message) for problem in rejected.problems] == [
        (line_of(ROWS - 2), f"account {number(ROWS + 1)} is not known"),
    ]
    assert await snapshot(any_engine) == before


async def test_a_large_file_imported_twice_changes_nothing_the_second_time(
    exchange: BillingExchange, write_csv: WriteCsv, any_engine: AsyncEngine
) -> None:
    accounts = write_csv("a.csv", csv_text(ACCOUNT_HEADER, [account_line(i) for i in range(ROWS)]))
    meters = write_csv("m.csv", csv_text(METER_HEADER, [meter_line(i) for i in range(ROWS)]))
    first = [
        await exchange.import_file(kind, path)
        for kind, path in (("accounts", accounts), ("meters", meters))
    ]
    loaded = await snapshot(any_engine)

    again = [
        await exchange.import_file(kind, path)
        for kind, path in (("accounts", accounts), ("meters", meters))
    ]

    assert [(s.inserted, s.updated, s.unchanged) for s in first] == [(ROWS, 0, 0)] * 2
    assert [(s.inserted, s.updated, s.unchanged) for s in again] == [(0, 0, ROWS)] * 2
    assert await snapshot(any_engine) == loaded


async def test_meters_of_a_few_accounts_in_a_large_table_find_their_accounts(
    exchange: BillingExchange, write_csv: WriteCsv, any_engine: AsyncEngine
) -> None:
    """A small file against a large table looks its accounts up rather than reading them all."""
    accounts = [account_line(index) for index in range(40)]
    await exchange.import_file("accounts", write_csv("a.csv", csv_text(ACCOUNT_HEADER, accounts)))
    good = write_csv("good.csv", csv_text(METER_HEADER, [meter_line(5), meter_line(17)]))
    bad = write_csv("bad.csv", csv_text(METER_HEADER, [meter_line(5), meter_line(41)]))

    rejected = await rejection(exchange, "meters", bad)
    summary = await exchange.import_file("meters", good)

    assert [(p.line, p.message) for p in rejected.problems] == [
        (3, f"account {number(41)} is not known")
    ]
    assert (summary.inserted, summary.updated, summary.unchanged) == (2, 0, 0)
    meters = (await snapshot(any_engine))["meters"]
    assert [row["serial"] for row in meters] == [f"{5:08d}", f"{17:08d}"]
