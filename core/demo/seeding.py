"""`cabinet seed-demo`: a generated region loaded through the billing exchange's importer.

The region is generated and loaded a chunk of customers at a time: each chunk's accounts, then
its meters, readings, charges and payments, each an import of its own. Memory holds one chunk
whatever the size of the region; an import that fails leaves the chunks before it loaded, and
running the seed again with `force` loads the rest (what is there already is found unchanged).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TypeVar

from core.clock import Clock
from core.demo.generator import MONTHS_OF_HISTORY, DemoAccount, generate_region
from core.demo.showcase import Showcase
from core.entities.accounts import Account
from core.exchange import BillingExchange, ImportSummary
from core.ports import UnitOfWorkFactory
from core.settings import Settings

KINDS_IN_ORDER = ("accounts", "meters", "readings", "charges", "payments")
# About 90 rows a customer: a chunk's rows take some 200 MB.
CHUNK_ACCOUNTS = 10_000

Progress = Callable[[int], None]
"""Told the number of accounts loaded so far, after each chunk."""

Item = TypeVar("Item")


@dataclass(frozen=True)
class SeedResult:
    seeded: bool
    summaries: list[ImportSummary]
    showcase: list[DemoAccount]


async def seed_demo(
    uow_factory: UnitOfWorkFactory,
    clock: Clock,
    settings: Settings,
    *,
    accounts: int,
    seed: int,
    force: bool = False,
    months: int = MONTHS_OF_HISTORY,
    chunk_accounts: int = CHUNK_ACCOUNTS,
    progress: Progress | None = None,
) -> SeedResult:
    """Loads `accounts` demo customers unless the database has accounts already (or `force`)."""
    if not force and await _has_accounts(uow_factory):
        return SeedResult(seeded=False, summaries=[], showcase=[])
    today = clock.now().astimezone(settings.tz).date()
    exchange = BillingExchange(uow_factory, clock, settings)
    summaries: dict[str, list[ImportSummary]] = {kind: [] for kind in KINDS_IN_ORDER}
    showcase = Showcase()
    loaded = 0
    for customers in _chunks(generate_region(accounts, seed, today, months), chunk_accounts):
        for kind in KINDS_IN_ORDER:
            rows = [row for customer in customers for row in customer.rows_of(kind)]
            summaries[kind].append(await exchange.import_records(kind, rows))
        for customer in customers:
            showcase.offer(customer.person)
        loaded += len(customers)
        if progress is not None:
            progress(loaded)
    return SeedResult(
        seeded=True,
        summaries=[_total(kind, parts) for kind, parts in summaries.items()],
        showcase=showcase.chosen(),
    )


def _total(kind: str, parts: list[ImportSummary]) -> ImportSummary:
    return ImportSummary(
        kind=kind,
        rows=sum(part.rows for part in parts),
        inserted=sum(part.inserted for part in parts),
        updated=sum(part.updated for part in parts),
        unchanged=sum(part.unchanged for part in parts),
        seconds=sum(part.seconds for part in parts),
    )


def _chunks(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    chunk: list[Item] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


async def _has_accounts(uow_factory: UnitOfWorkFactory) -> bool:
    async with uow_factory() as uow:
        return not await uow.exchange.is_empty(Account)
