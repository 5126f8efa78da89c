"""Outage alerts at a million accounts: one outage matched against 1,000,000 accounts and its
notices queued in the outbox (`OutageNotices.run_one`: the set-based match on the accounts'
address index, the known-keys look-up, the insert, the commit), on SQLite and on PostgreSQL.

The accounts are bench_import's (its `accounts.csv`, loaded by the billing import: executemany
on SQLite, COPY on PostgreSQL), and every fifth one is linked to a customer with a Telegram chat
(200,000 customers at a million). Both databases are kept between runs: SQLite's is
bench_import's file in var/bench/ (built when missing), PostgreSQL's `cabinet_bench_outages_N`
on 127.0.0.1:5432 (or `BENCH_POSTGRES_URL`'s server; `dropdb` it to load again). Each outage is
timed three times (the outbox emptied of it between runs); the median and the slowest are shown,
with the number of notices queued and whether the query used `ix_accounts_address`.
`BENCH_ACCOUNTS=50000` makes it quick.
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import delete, func, select, text
from sqlalchemy.ext.asyncio import AsyncEngine

from benchmarks.bench_import import (
    CLOCK,
    DEFAULT_ACCOUNTS,
    SETTINGS,
    bench_accounts,
    cached_database,
    write_files,
)
from benchmarks.figure import Figure
from benchmarks.postgres_cache import _admin, database_url, unreachable_reason
from core.entities.accounts import AccountLink
from core.entities.outages import Outage
from core.entities.outbox import OutboxMessage
from core.entities.users import TelegramIdentity, User
from core.enums import LinkMethod, LinkStatus, NotificationKind
from core.exchange import BillingExchange
from core.outages.address import place_of
from core.outages.notices import OutageNotices
from core.outages.service import new_outage
from core.outages.views import OutageDraft, OutageKind, OutageSource
from storage.database import create_engine, create_session_factory
from storage.models import (
    accounts_table,
    outages_table,
    outbox_table,
    users_table,
)
from storage.repositories.exchange import ExchangeRepository
from storage.repositories.outages import OutagesRepository
from storage.schema import ensure_schema
from storage.uow import UnitOfWorkFactory, unit_of_work_factory

LINKED_EVERY = 5  # one account in five has a customer in the bot
CUSTOMER_PHONE_PREFIX = "+7997"
TELEGRAM_IDS_FROM = 7_000_000_000
TARGET_SECONDS = 1.0
RUNS = 3
DATA_VERSION = 1
OUTAGES = {
    "street range 1-15": ("Пятигорский", "г. Пятигорск", "ул. Кирова", "1-15"),
    "whole street": ("Пятигорский", "г. Пятигорск", "ул. Кирова", "все"),
}


def run() -> list[Figure]:
    accounts = bench_accounts()
    target = f"< {TARGET_SECONDS:.0f} s" if accounts == DEFAULT_ACCOUNTS else ""
    figures = asyncio.run(_sqlite(cached_database(accounts), accounts, target))
    reason = unreachable_reason()
    if reason is not None:
        print(f"bench_outages: PostgreSQL skipped: {reason}", file=sys.stderr)
        return [*figures, Figure("outage alerts, PostgreSQL", "skipped", reason)]
    return [*figures, *asyncio.run(_postgres(accounts, target))]


async def _sqlite(path: Path, accounts: int, target: str) -> list[Figure]:
    engine = create_engine(f"sqlite+aiosqlite:///{path}")
    try:
        await ensure_schema(engine)
        return await _measure(engine, "SQLite", accounts, target)
    finally:
        await engine.dispose()


async def _postgres(accounts: int, target: str) -> list[Figure]:
    name = f"cabinet_bench_outages_{accounts}"
    async with _admin() as connection:
        comment = await connection.scalar(
            text(
                "SELECT shobj_description(oid, 'pg_database') FROM pg_database "
                "WHERE datname = :name"
            ),
            {"name": name},
        )
        if comment != f"outages v{DATA_VERSION}":
            await connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
            await connection.execute(text(f'CREATE DATABASE "{name}"'))
            comment = None
    engine = create_engine(database_url(name))
    try:
        await ensure_schema(engine)
        if comment is None:
            print(f"bench: loading {accounts:,} accounts into database {name}", file=sys.stderr)
            started = time.perf_counter()
            with tempfile.TemporaryDirectory() as scratch:
                accounts_csv, _ = write_files(Path(scratch), accounts)
                uow_factory = unit_of_work_factory(create_session_factory(engine))
                await BillingExchange(uow_factory, CLOCK, SETTINGS).import_file(
                    "accounts", accounts_csv
                )
            print(f"bench: loaded in {time.perf_counter() - started:.0f} s", file=sys.stderr)
        figures = await _measure(engine, "PostgreSQL", accounts, target)
        if comment is None:
            async with _admin() as connection:
                note = f"outages v{DATA_VERSION}"
                await connection.execute(text(f"COMMENT ON DATABASE \"{name}\" IS '{note}'"))
        return figures
    finally:
        await engine.dispose()


async def _measure(engine: AsyncEngine, label: str, accounts: int, target: str) -> list[Figure]:
    uow_factory = unit_of_work_factory(create_session_factory(engine))
    await _ensure_customers(engine, uow_factory)
    notices = OutageNotices(uow_factory, CLOCK, SETTINGS)
    figures: list[Figure] = []
    for scenario, (branch, locality, street, houses) in OUTAGES.items():
        place = place_of(locality, street, houses)
        async with uow_factory() as uow:
            matched, customers = await OutagesRepository(uow.session).reach(branch, place)
        indexed = await _uses_address_index(engine, uow_factory, branch, locality, street, houses)
        seconds: list[float] = []
        queued = 0
        for _ in range(RUNS):
            outage_id = await _new_outage(uow_factory, branch, locality, street, houses)
            started = time.perf_counter()
            queued = await notices.run_one(outage_id)
            seconds.append(time.perf_counter() - started)
            await _forget(uow_factory, outage_id)
        figures.append(
            Figure(
                f"outage matched + notices queued, {accounts:,} accounts, {label} ({scenario})",
                f"{statistics.median(seconds):.3f} s (max {max(seconds):.3f})",
                target,
            )
        )
        figures.append(
            Figure(
                f"  {matched:,} accounts at the place, {customers:,} customers",
                f"{queued:,} notices, index {'used' if indexed else 'NOT used'}",
            )
        )
    return figures


async def _ensure_customers(engine: AsyncEngine, uow_factory: UnitOfWorkFactory) -> None:
    """Every LINKED_EVERY-th account linked to a customer with a chat, once per database."""
    async with uow_factory() as uow:
        known = await uow.session.scalar(
            select(func.count()).where(users_table.c.phone.like(f"{CUSTOMER_PHONE_PREFIX}%"))
        )
        if known:
            return
        first_user = int(await uow.session.scalar(select(func.max(users_table.c.id))) or 0) + 1
        account_ids = list(
            await uow.session.scalars(
                select(accounts_table.c.id)
                .where(accounts_table.c.id % LINKED_EVERY == 0)
                .order_by(accounts_table.c.id)
            )
        )
        store = ExchangeRepository(uow.session)
        now = CLOCK.now()
        for start in range(0, len(account_ids), 50_000):
            chunk = account_ids[start : start + 50_000]
            users = [
                (first_user + start + n, f"{CUSTOMER_PHONE_PREFIX}{start + n:07d}", "ru", now)
                for n in range(len(chunk))
            ]
            await store.insert_many(User, ("id", "phone", "language", "created_at"), users)
            await store.insert_many(
                TelegramIdentity,
                ("telegram_user_id", "user_id", "chat_id", "created_at"),
                [(TELEGRAM_IDS_FROM + u[0], u[0], TELEGRAM_IDS_FROM + u[0], now) for u in users],
            )
            await store.insert_many(
                AccountLink,
                ("user_id", "account_id", "status", "method", "created_at"),
                [
                    (u[0], account_id, LinkStatus.ACTIVE.value, LinkMethod.ELS.value, now)
                    for u, account_id in zip(users, chunk, strict=True)
                ],
            )
        await uow.commit()
    async with engine.connect() as connection:
        # Outside a transaction: fresh statistics (and on PostgreSQL the visibility map that
        # index-only scans need), as after any bulk load once autovacuum has passed.
        autocommit = await connection.execution_options(isolation_level="AUTOCOMMIT")
        if autocommit.dialect.name == "postgresql":
            await autocommit.execute(text("SELECT setval('users_id_seq', max(id)) FROM users"))
            await autocommit.execute(text("VACUUM ANALYZE"))
        else:
            await autocommit.execute(text("ANALYZE"))


async def _new_outage(
    uow_factory: UnitOfWorkFactory, branch: str, locality: str, street: str, houses: str
) -> int:
    now = CLOCK.now()
    draft = OutageDraft(
        OutageKind.EMERGENCY,
        branch,
        locality,
        street,
        houses,
        now - timedelta(minutes=10),
        now + timedelta(hours=4),
        "bench",
    )
    stamp = datetime.now(UTC).strftime("%H%M%S%f")
    async with uow_factory() as uow:
        outage = new_outage(draft, f"bench:{stamp}", OutageSource.STAFF, now)
        await OutagesRepository(uow.session).add(outage)
        await uow.commit()
        return outage.id


async def _forget(uow_factory: UnitOfWorkFactory, outage_id: int) -> None:
    """The outage and its notices gone, so the kept database stays as loaded."""
    async with uow_factory() as uow:
        await uow.session.execute(
            delete(OutboxMessage).where(outbox_table.c.kind == NotificationKind.OUTAGE.value)
        )
        await uow.session.execute(delete(Outage).where(outages_table.c.id == outage_id))
        await uow.commit()


async def _uses_address_index(
    engine: AsyncEngine,
    uow_factory: UnitOfWorkFactory,
    branch: str,
    locality: str,
    street: str,
    houses: str,
) -> bool:
    """Whether the recipients' query reads the accounts through `ix_accounts_address`."""
    async with uow_factory() as uow:
        repository = OutagesRepository(uow.session)
        captured: list[str] = []
        statement = repository.recipients_statement(
            branch, place_of(locality, street, houses), NotificationKind.OUTAGE.value, 0, 5000
        )
        compiled = statement.compile(engine.sync_engine, compile_kwargs={"literal_binds": True})
        prefix = "EXPLAIN QUERY PLAN " if engine.dialect.name == "sqlite" else "EXPLAIN "
        rows = await uow.session.execute(text(prefix + str(compiled)))
        captured = [" ".join(str(value) for value in row) for row in rows]
    return any("ix_accounts_address" in line for line in captured)
