"""Loads a demo region into a PostgreSQL database, as `cabinet seed-demo` does, plus the
benchmark's customers; run as a child process so that its memory is measured alone:

    python -m benchmarks.seed_postgres DATABASE_URL ACCOUNTS SEED MONTHS

Prints one JSON line: the load's wall seconds and each kind's rows and seconds.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from typing import Any

from sqlalchemy import select, text

from benchmarks.bench_import import CLOCK, SETTINGS
from core.demo.seeding import seed_demo
from core.entities.accounts import AccountLink
from core.entities.users import User
from core.enums import LinkMethod, LinkStatus
from storage.database import create_engine, create_session_factory
from storage.models import accounts_table
from storage.schema import ensure_schema
from storage.uow import UnitOfWorkFactory, unit_of_work_factory

CUSTOMERS = 100
CUSTOMER_PHONE_PREFIX = "+7999"


async def load(url: str, accounts: int, seed: int, months: int) -> dict[str, Any]:
    engine = create_engine(url)
    try:
        await ensure_schema(engine)
        uow_factory = unit_of_work_factory(create_session_factory(engine))
        started = time.perf_counter()
        result = await seed_demo(
            uow_factory,
            CLOCK,
            SETTINGS,
            accounts=accounts,
            seed=seed,
            months=months,
            progress=lambda loaded: _report(loaded, accounts, started),
        )
        seconds = time.perf_counter() - started
        await add_customers(uow_factory, accounts)
        async with engine.begin() as connection:
            # Fresh planner statistics, as after any bulk load, whatever autovacuum has done.
            await connection.execute(text("ANALYZE"))
    finally:
        await engine.dispose()
    return {
        "seconds": seconds,
        "kinds": {s.kind: {"rows": s.rows, "seconds": s.seconds} for s in result.summaries},
    }


async def add_customers(uow_factory: UnitOfWorkFactory, accounts: int) -> None:
    """CUSTOMERS users, each with an active link to one account, spread over the table."""
    ids = sorted({1 + index * accounts // CUSTOMERS for index in range(CUSTOMERS)})
    async with uow_factory() as uow:
        found = (
            await uow.session.scalars(
                select(accounts_table.c.id).where(accounts_table.c.id.in_(ids))
            )
        ).all()
        for index, account_id in enumerate(found):
            user = User(phone=f"{CUSTOMER_PHONE_PREFIX}{index:07d}", created_at=CLOCK.now())
            uow.session.add(user)
            await uow.session.flush()
            uow.session.add(
                AccountLink(
                    user_id=user.id,
                    account_id=account_id,
                    status=LinkStatus.ACTIVE.value,
                    method=LinkMethod.ELS.value,
                    created_at=CLOCK.now(),
                )
            )
        await uow.commit()


def _report(loaded: int, accounts: int, started: float) -> None:
    minutes = (time.perf_counter() - started) / 60
    print(f"  loaded {loaded:,} of {accounts:,} accounts, {minutes:.1f} min", file=sys.stderr)


if __name__ == "__main__":
    url, accounts, seed, months = sys.argv[1], *map(int, sys.argv[2:5])
    print(json.dumps(asyncio.run(load(url, accounts, seed, months))))
