"""SQLite's one connection: units of work take turns in the order they came, and one opened
inside another in the same task does not wait for itself."""

from __future__ import annotations

import asyncio

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.pool import QueuePool

from storage.database import create_session_factory
from storage.uow import unit_of_work_factory


async def test_a_unit_of_work_inside_another_gets_a_connection_of_its_own(
    sqlite_engine: AsyncEngine,
) -> None:
    uow_factory = unit_of_work_factory(create_session_factory(sqlite_engine))
    async with uow_factory() as outer:
        await outer.ping()
        async with asyncio.timeout(2), uow_factory() as inner:  # not the pool's 30 s
            await inner.ping()
    pool = sqlite_engine.pool
    assert isinstance(pool, QueuePool) and pool.checkedout() == 0


async def test_units_of_work_take_turns_in_the_order_they_came(
    sqlite_engine: AsyncEngine,
) -> None:
    uow_factory = unit_of_work_factory(create_session_factory(sqlite_engine))
    order: list[int] = []

    async def write(number: int) -> None:
        async with uow_factory() as uow:
            await uow.session.execute(text("CREATE TABLE IF NOT EXISTS turns (n INTEGER)"))
            await uow.session.execute(text("INSERT INTO turns (n) VALUES (:n)"), {"n": number})
            await asyncio.sleep(0)  # others queue up meanwhile
            order.append(number)
            await uow.commit()

    await asyncio.gather(*(write(number) for number in range(20)))

    assert order == list(range(20))
    async with uow_factory() as uow:
        assert (await uow.session.execute(text("SELECT count(*) FROM turns"))).scalar() == 20
