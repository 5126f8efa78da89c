"""The billing exchange's SQL: look-ups by natural key and executemany inserts and updates.

Portable SQLAlchemy Core on the unit of work's session; it never commits. On PostgreSQL the
inserts go by COPY instead (storage.bulk_copy), in the same transaction.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Collection, Iterator, Sequence
from datetime import datetime
from typing import Any, NamedTuple, TypeVar

from sqlalchemy import (
    BindParameter,
    Insert,
    Row,
    Table,
    Update,
    bindparam,
    func,
    insert,
    inspect,
    select,
    update,
)
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.sql.schema import ScalarElementColumnDefault

from core.entities.entity import Entity
from storage.bulk_copy import copy_applies, copy_rows
from storage.models import (
    accounts_table,
    charges_table,
    meters_table,
    payments_table,
    readings_table,
)
from storage.repositories.base import Repository

ACCOUNTS: Table = accounts_table
METERS: Table = meters_table
READINGS: Table = readings_table
CHARGES: Table = charges_table
PAYMENTS: Table = payments_table

# Keys per IN (...) look-up: PostgreSQL (asyncpg) takes at most 32,767 parameters a statement.
LOOKUP_CHUNK = 5000
STREAM_CHUNK = 20_000

Item = TypeVar("Item")

# Built once: building `IN (...)` from a list of values coerces every value on each call.
_ACCOUNT_IDS = select(ACCOUNTS.c.number, ACCOUNTS.c.id).where(
    ACCOUNTS.c.number.in_(bindparam("numbers", expanding=True))
)


def table_of(kind: type[Entity]) -> Table:
    """The table a record class is mapped onto."""
    table = inspect(kind).local_table
    assert isinstance(table, Table)
    return table


class ExchangeRepository(Repository):
    """core.ports.exchange.Exchange on the unit of work's session."""

    async def accounts_by_number(self, numbers: Collection[str]) -> dict[str, Row[Any]]:
        found: dict[str, Row[Any]] = {}
        for chunk in _chunks(numbers):
            rows = await self.session.execute(select(ACCOUNTS).where(ACCOUNTS.c.number.in_(chunk)))
            found.update((row.number, row) for row in rows)
        return found

    async def account_ids(self, numbers: Collection[str]) -> dict[str, int]:
        found: dict[str, int] = {}
        for chunk in _chunks(numbers):
            rows = await self.session.execute(_ACCOUNT_IDS, {"numbers": chunk})
            found.update(rows.all())
        return found

    async def all_account_ids(self) -> dict[str, int]:
        """Every account's id by number, streamed: one pass over the table instead of one
        look-up per batch, when a file names most of the accounts anyway."""
        found: dict[str, int] = {}
        statement = select(ACCOUNTS.c.number, ACCOUNTS.c.id).execution_options(
            yield_per=STREAM_CHUNK
        )
        result = await self.session.stream(statement)
        async for partition in result.partitions():
            found.update(partition)
        return found

    async def count(self, kind: type[Entity]) -> int:
        table = table_of(kind)
        return (await self.session.execute(select(func.count()).select_from(table))).scalar_one()

    async def meters_by_account_number(
        self, numbers: Collection[str]
    ) -> dict[tuple[str, str], Row[Any]]:
        """Meters of these accounts by (account number, serial), with `account_number`."""
        found: dict[tuple[str, str], Row[Any]] = {}
        for chunk in _chunks(numbers):
            rows = await self.session.execute(
                select(METERS, ACCOUNTS.c.number.label("account_number"))
                .join(ACCOUNTS, ACCOUNTS.c.id == METERS.c.account_id)
                .where(ACCOUNTS.c.number.in_(chunk))
            )
            found.update(((row.account_number, row.serial), row) for row in rows)
        return found

    async def readings_of_meters(
        self, meter_ids: Collection[int], since: datetime, until: datetime
    ) -> list[Row[Any]]:
        found: list[Row[Any]] = []
        for chunk in _chunks(meter_ids):
            rows = await self.session.execute(
                select(READINGS).where(
                    READINGS.c.meter_id.in_(chunk),
                    READINGS.c.taken_at >= since,
                    READINGS.c.taken_at < until,
                )
            )
            found.extend(rows)
        return found

    async def charges_of_accounts(
        self, account_ids: Collection[int], periods: Collection[str]
    ) -> dict[tuple[int, str, str], Row[Any]]:
        found: dict[tuple[int, str, str], Row[Any]] = {}
        for chunk in _chunks(account_ids):
            rows = await self.session.execute(
                select(CHARGES).where(
                    CHARGES.c.account_id.in_(chunk), CHARGES.c.period.in_(set(periods))
                )
            )
            found.update(((row.account_id, row.period, row.service), row) for row in rows)
        return found

    async def payments_by_external_key(self, keys: Collection[str]) -> dict[str, Row[Any]]:
        found: dict[str, Row[Any]] = {}
        for chunk in _chunks(keys):
            rows = await self.session.execute(
                select(PAYMENTS).where(PAYMENTS.c.external_key.in_(chunk))
            )
            found.update((row.external_key, row) for row in rows)
        return found

    async def is_empty(self, kind: type[Entity]) -> bool:
        table = table_of(kind)
        first = await self.session.execute(select(table.c.id).limit(1))
        return first.first() is None

    async def insert_many(
        self, kind: type[Entity], columns: Sequence[str], rows: Sequence[Sequence[Any]]
    ) -> None:
        """Inserts rows given as values in the order of `columns`; other columns take their
        scalar defaults, as an ORM insert would. On PostgreSQL the rows go in by COPY, the same
        values as the INSERT would send."""
        if rows:
            table = table_of(kind)
            defaults = _scalar_defaults(table, columns)
            statement = insert(table).values(_binds(table, [*columns, *defaults]))
            connection = await self.session.connection()
            if copy_applies(connection):
                driver = _driver_parameters(connection, statement, columns, rows, defaults)
                await copy_rows(connection, table.name, driver.names, driver.rows)
            else:
                await self._execute_many(statement, columns, rows, defaults)

    async def update_many(
        self, kind: type[Entity], columns: Sequence[str], rows: Sequence[Sequence[Any]]
    ) -> None:
        """Updates by id: each row is the new values in the order of `columns`, then the id."""
        if rows:
            table = table_of(kind)
            update_by_id = (
                update(table)
                .where(table.c.id == bindparam("row_id", type_=table.c.id.type))
                .values(_binds(table, columns))
            )
            await self._execute_many(update_by_id, [*columns, "row_id"], rows, {})

    async def readings_of_period(self, period: str) -> AsyncIterator[Any]:
        """The period's readings with account number and serial, in export order."""
        statement = (
            select(
                ACCOUNTS.c.number.label("account_number"),
                METERS.c.serial,
                READINGS.c.zone,
                READINGS.c.taken_at,
                READINGS.c.value,
                READINGS.c.source,
                READINGS.c.status,
                READINGS.c.id,
            )
            .join(METERS, METERS.c.id == READINGS.c.meter_id)
            .join(ACCOUNTS, ACCOUNTS.c.id == METERS.c.account_id)
            .where(READINGS.c.period == period)
            .order_by(ACCOUNTS.c.number, METERS.c.serial, READINGS.c.zone, READINGS.c.taken_at)
            .execution_options(yield_per=5000)
        )
        result = await self.session.stream(statement)
        async for row in result:
            yield row

    async def _execute_many(
        self,
        statement: Insert | Update,
        names: Sequence[str],
        rows: Sequence[Sequence[Any]],
        constants: dict[str, Any],
    ) -> None:
        """Runs a Core statement once per row as one executemany, rows being tuples in `names`
        order and `constants` the same in every row.

        `session.execute(statement, list_of_dicts)` spends more time building parameters than
        SQLite spends storing the rows. Here SQLAlchemy still compiles the statement for the
        session's dialect and the column types still convert each value (their bind
        processors); only the per-row dictionaries are skipped, and the conversion runs a
        column at a time, once per distinct value. Rows already in the statement's order with
        nothing to convert go to the driver as they are.
        """
        connection = await self.session.connection()
        driver = _driver_parameters(connection, statement, names, rows, constants)
        await connection.exec_driver_sql(driver.sql, driver.rows)


class _DriverParameters(NamedTuple):
    sql: str
    names: Sequence[str]  # the parameters in the statement's order (for an INSERT, its columns)
    rows: Sequence[Sequence[Any]]


def _driver_parameters(
    connection: AsyncConnection,
    statement: Insert | Update,
    names: Sequence[str],
    rows: Sequence[Sequence[Any]],
    constants: dict[str, Any],
) -> _DriverParameters:
    """The statement's SQL for the connection's dialect and the rows as its driver takes them:
    tuples in the order of the statement's parameters, each value through its column type."""
    dialect = connection.dialect
    compiled = statement.compile(dialect=dialect)
    positions = compiled.positiontup
    if positions is None:
        raise RuntimeError(f"{dialect.name}: a positional parameter style is expected")
    processors = [
        compiled.binds[name].type.dialect_impl(dialect).bind_processor(dialect)
        for name in positions
    ]
    if list(positions) == list(names) and not any(processors):
        return _DriverParameters(compiled.string, positions, rows)
    index = {name: position for position, name in enumerate(names)}
    given: list[Sequence[Any]] = list(zip(*rows, strict=True))
    columns = [
        _converted(
            given[index[name]] if name in index else [constants[name]] * len(rows),
            process,
        )
        for name, process in zip(positions, processors, strict=True)
    ]
    return _DriverParameters(compiled.string, positions, list(zip(*columns, strict=True)))


def _converted(values: Sequence[Any], process: Callable[[Any], Any] | None) -> Sequence[Any]:
    """A column's values through its bind processor, each distinct value once (a column of
    dates or zones repeats a few values many times)."""
    if process is None:
        return values
    try:
        done = {value: process(value) for value in set(values)}
    except TypeError:  # an unhashable value
        return list(map(process, values))
    return list(map(done.__getitem__, values))


def _chunks(items: Collection[Item]) -> Iterator[list[Item]]:
    distinct = list(set(items))
    for start in range(0, len(distinct), LOOKUP_CHUNK):
        yield distinct[start : start + LOOKUP_CHUNK]


def _scalar_defaults(table: Table, columns: Sequence[str]) -> dict[str, Any]:
    defaults: dict[str, Any] = {}
    for column in table.columns:
        default = column.default
        if column.name in columns or default is None:
            continue
        if not isinstance(default, ScalarElementColumnDefault):
            raise RuntimeError(f"{table.name}.{column.name}: only scalar defaults are applied")
        defaults[column.name] = default.arg
    return defaults


def _binds(table: Table, columns: Sequence[str]) -> dict[str, BindParameter[Any]]:
    return {name: bindparam(name, type_=table.c[name].type) for name in columns}
