"""The exchange's SQL: batched look-ups by natural key and executemany inserts and updates.

Portable SQLAlchemy Core on the unit of work's session; it never commits.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Collection, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import BindParameter, Insert, Row, Table, Update, bindparam, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.schema import ScalarElementColumnDefault

from storage.models import Account, Charge, Meter, Payment, Reading

ACCOUNTS: Table = Account.__table__  # type: ignore[assignment]
METERS: Table = Meter.__table__  # type: ignore[assignment]
READINGS: Table = Reading.__table__  # type: ignore[assignment]
CHARGES: Table = Charge.__table__  # type: ignore[assignment]
PAYMENTS: Table = Payment.__table__  # type: ignore[assignment]


class ExchangeStore:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def accounts_by_number(self, numbers: Collection[str]) -> dict[str, Row[Any]]:
        rows = await self.session.execute(
            select(ACCOUNTS).where(ACCOUNTS.c.number.in_(set(numbers)))
        )
        return {row.number: row for row in rows}

    async def account_ids(self, numbers: Collection[str]) -> dict[str, int]:
        rows = await self.session.execute(
            select(ACCOUNTS.c.number, ACCOUNTS.c.id).where(ACCOUNTS.c.number.in_(set(numbers)))
        )
        return {number: account_id for number, account_id in rows}

    async def meters_by_account_number(
        self, numbers: Collection[str]
    ) -> dict[tuple[str, str], Row[Any]]:
        """Meters of these accounts by (account number, serial), with `account_number`."""
        rows = await self.session.execute(
            select(METERS, ACCOUNTS.c.number.label("account_number"))
            .join(ACCOUNTS, ACCOUNTS.c.id == METERS.c.account_id)
            .where(ACCOUNTS.c.number.in_(set(numbers)))
        )
        return {(row.account_number, row.serial): row for row in rows}

    async def readings_of_meters(
        self, meter_ids: Collection[int], since: datetime, until: datetime
    ) -> Sequence[Row[Any]]:
        rows = await self.session.execute(
            select(READINGS).where(
                READINGS.c.meter_id.in_(set(meter_ids)),
                READINGS.c.taken_at >= since,
                READINGS.c.taken_at < until,
            )
        )
        return rows.all()

    async def charges_of_accounts(
        self, account_ids: Collection[int], periods: Collection[str]
    ) -> dict[tuple[int, str, str], Row[Any]]:
        rows = await self.session.execute(
            select(CHARGES).where(
                CHARGES.c.account_id.in_(set(account_ids)), CHARGES.c.period.in_(set(periods))
            )
        )
        return {(row.account_id, row.period, row.service): row for row in rows}

    async def payments_by_external_key(self, keys: Collection[str]) -> dict[str, Row[Any]]:
        rows = await self.session.execute(
            select(PAYMENTS).where(PAYMENTS.c.external_key.in_(set(keys)))
        )
        return {row.external_key: row for row in rows}

    async def is_empty(self, table: Table) -> bool:
        first = await self.session.execute(select(table.c.id).limit(1))
        return first.first() is None

    async def insert_many(
        self, table: Table, columns: Sequence[str], rows: Sequence[Sequence[Any]]
    ) -> None:
        """Inserts rows given as values in the order of `columns`; other columns take their
        scalar defaults, as an ORM insert would."""
        if not rows:
            return
        defaults = _scalar_defaults(table, columns)
        if defaults:
            columns = [*columns, *defaults]
            rows = [(*row, *defaults.values()) for row in rows]
        statement = insert(table).values(_binds(table, columns))
        await _execute_many(self.session, statement, columns, rows)

    async def update_many(
        self, table: Table, columns: Sequence[str], rows: Sequence[Sequence[Any]]
    ) -> None:
        """Updates by id: each row is the new values in the order of `columns`, then the id."""
        if rows:
            update_by_id = (
                update(table)
                .where(table.c.id == bindparam("row_id", type_=table.c.id.type))
                .values(_binds(table, columns))
            )
            await _execute_many(self.session, update_by_id, [*columns, "row_id"], rows)

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


async def _execute_many(
    session: AsyncSession,
    statement: Insert | Update,
    names: Sequence[str],
    rows: Sequence[Sequence[Any]],
) -> None:
    """Runs a Core statement once per row as one executemany, rows being tuples in `names` order.

    `session.execute(statement, list_of_dicts)` spends more time building parameters than
    SQLite spends storing the rows. Here SQLAlchemy still compiles the statement for the
    session's dialect and the column types still convert each value (their bind processors);
    only the per-row dictionaries are skipped.
    """
    connection = await session.connection()
    dialect = connection.dialect
    compiled = statement.compile(dialect=dialect)
    positions = compiled.positiontup
    if positions is None:
        raise RuntimeError(f"{dialect.name}: a positional parameter style is expected")
    index = {name: position for position, name in enumerate(names)}
    picks = [index[name] for name in positions]
    parameters: list[Any] = [tuple(row[pick] for pick in picks) for row in rows]
    processors = [
        (position, compiled.binds[name].type.dialect_impl(dialect).bind_processor(dialect))
        for position, name in enumerate(positions)
    ]
    converting = [(position, process) for position, process in processors if process]
    if converting:
        parameters = [list(row) for row in parameters]
        for position, process in converting:
            for row in parameters:
                row[position] = process(row[position])
        parameters = [tuple(row) for row in parameters]  # the driver API takes tuples
    await connection.exec_driver_sql(compiled.string, parameters)
