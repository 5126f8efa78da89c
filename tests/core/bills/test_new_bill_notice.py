"""A `charges` import tells holders of linked accounts about the new bill, in its transaction,
with a number of queries that does not grow with the number of accounts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from core.clock import FrozenClock
from core.entities.outbox import OutboxMessage
from core.exchange import BillingExchange
from core.settings import Settings
from storage.models import outbox_table
from storage.uow import UnitOfWorkFactory
from tests.core.accounts.seed import Seed
from tests.core.bills.scene import link
from tests.sql import recorded_statements

NOW = datetime(2026, 11, 5, 9, tzinfo=UTC)


async def holder(seed: Seed, account_id: int, telegram_id: int) -> int:
    user_id = await seed.user()
    await link(seed.uow_factory, user_id, account_id)
    await seed.telegram(user_id, telegram_id, NOW)
    return user_id


@dataclass(frozen=True)
class Notice:
    user_id: int | None
    chat_id: int
    kind: str
    dedup_key: str
    payload: dict[str, Any]


async def notices(uow_factory: UnitOfWorkFactory) -> list[Notice]:
    async with uow_factory() as uow:
        rows = await uow.session.scalars(select(OutboxMessage).order_by(outbox_table.c.id))
        return [Notice(r.user_id, r.chat_id, r.kind, r.dedup_key, r.payload) for r in rows]


def exchange(uow_factory: UnitOfWorkFactory) -> BillingExchange:
    return BillingExchange(
        uow_factory, FrozenClock(NOW), Settings(_env_file=None, timezone="Europe/Moscow")
    )


async def test_holders_of_linked_accounts_hear_of_the_latest_period_once(
    seed: Seed, uow_factory: UnitOfWorkFactory
) -> None:
    linked = await seed.account(number="110000001")
    unlinked = await seed.account(number="110000002")
    user_id = await holder(seed, linked.id, 5001)
    await seed.payment(linked.id, 3333, datetime(2026, 10, 10, 9, tzinfo=UTC))
    rows = [
        ["110000001", "2026-09", "Электроэнергия", "", "", "1000000.07"],
        ["110000001", "2026-10", "Электроэнергия", "311", "4.63", "0.10"],
        ["110000001", "2026-10", "Вывоз ТКО", "", "", "0.20"],
        ["110000002", "2026-10", "Электроэнергия", "100", "4.63", "463.00"],
    ]

    await exchange(uow_factory).import_records("charges", rows)
    await exchange(uow_factory).import_records("charges", rows)  # the same file again

    [notice] = await notices(uow_factory)
    assert (notice.user_id, notice.chat_id, notice.kind) == (user_id, 5001, "new_bill")
    assert notice.dedup_key == f"bill:{linked.id}:2026-10:5001"
    assert notice.payload == {
        "account_id": linked.id,
        "account_number": "110000001",
        "period": "2026-10",
        # 1 000 000,07 + 0,10 + 0,20 − 33,33: exact in kopecks
        "total_kopecks": 100_000_007 + 10 + 20 - 3333,
    }
    assert unlinked.id not in {n.payload["account_id"] for n in await notices(uow_factory)}


async def test_an_older_period_tells_nobody(seed: Seed, uow_factory: UnitOfWorkFactory) -> None:
    account = await seed.account(number="110000001")
    await holder(seed, account.id, 5001)
    await seed.charge(account.id, "2026-10", 10000)

    await exchange(uow_factory).import_records(
        "charges", [["110000001", "2026-08", "Электроэнергия", "", "", "12.00"]]
    )

    assert await notices(uow_factory) == []


async def test_an_account_split_across_batches_gets_its_whole_total(
    seed: Seed, uow_factory: UnitOfWorkFactory
) -> None:
    account = await seed.account(number="110000001")
    await holder(seed, account.id, 5001)
    rows = [["110000001", "2026-10", f"Услуга {i}", "", "", "0.10"] for i in range(3)]

    await BillingExchange(
        uow_factory, FrozenClock(NOW), Settings(_env_file=None), batch_size=1
    ).import_records("charges", rows)

    [notice] = await notices(uow_factory)
    assert notice.payload["total_kopecks"] == 30


async def test_queries_do_not_grow_with_the_accounts(
    seed: Seed, uow_factory: UnitOfWorkFactory, sqlite_engine: AsyncEngine
) -> None:
    async def import_for(count: int, start: int) -> int:
        rows = []
        for index in range(start, start + count):
            number = f"{120000000 + index}"
            account = await seed.account(number=number)
            await holder(seed, account.id, 7000 + index)
            rows.append([number, "2026-10", "Электроэнергия", "", "", "10.01"])
        with recorded_statements(sqlite_engine) as statements:
            await exchange(uow_factory).import_records("charges", rows)
        return len(statements)

    await import_for(1, 0)  # the charges table is not empty any more: known rows are looked up
    few = await import_for(2, 10)
    many = await import_for(40, 100)

    assert many == few, (few, many)
    assert len(await notices(uow_factory)) == 43
