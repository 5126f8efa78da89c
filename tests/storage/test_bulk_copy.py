"""COPY on PostgreSQL belongs to the unit of work's transaction, like the inserts it replaces."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncEngine

from core.entities.accounts import Account
from storage.database import create_session_factory
from storage.uow import UnitOfWorkFactory, unit_of_work_factory

COLUMNS = ("number", "branch", "locality", "holder_name", "tariff")
ROW = ("2601000001", "Пятигорский", "г. Пятигорск", "Иванов Иван Иванович", "городской")


def units_of_work(engine: AsyncEngine) -> UnitOfWorkFactory:
    return unit_of_work_factory(create_session_factory(engine))


async def test_a_copy_before_any_statement_is_undone_without_a_commit(
    postgres_engine: AsyncEngine, copied_tables: list[str]
) -> None:
    uow_factory = units_of_work(postgres_engine)
    async with uow_factory() as uow:
        await uow.exchange.insert_many(Account, COLUMNS, [ROW])  # the first statement
        assert await uow.exchange.count(Account) == 1

    async with uow_factory() as uow:
        assert await uow.exchange.count(Account) == 0
    assert copied_tables == ["accounts"]


async def test_a_copy_is_kept_by_the_commit(
    postgres_engine: AsyncEngine, copied_tables: list[str]
) -> None:
    uow_factory = units_of_work(postgres_engine)
    async with uow_factory() as uow:
        await uow.exchange.insert_many(Account, COLUMNS, [ROW])
        await uow.commit()

    async with uow_factory() as uow:
        assert await uow.exchange.accounts_by_number([ROW[0]]) != {}
    assert copied_tables == ["accounts"]
