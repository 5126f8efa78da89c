"""`cabinet seed-demo`: a generated region loaded through the billing exchange's importer."""

from __future__ import annotations

from dataclasses import dataclass

from core.clock import Clock
from core.demo.generator import DemoAccount, DemoData, Habit, generate_region
from core.exchange import BillingExchange, ImportSummary
from core.settings import Settings
from storage.repositories.exchange import ACCOUNTS
from storage.uow import UnitOfWorkFactory

KINDS_IN_ORDER = ("accounts", "meters", "readings", "charges", "payments")
SHOWCASE_SIZE = 5


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
) -> SeedResult:
    """Loads `accounts` demo customers unless the database has accounts already (or `force`)."""
    if not force and await _has_accounts(uow_factory):
        return SeedResult(seeded=False, summaries=[], showcase=[])
    today = clock.now().astimezone(settings.tz).date()
    data = generate_region(accounts, seed, today)
    exchange = BillingExchange(uow_factory, clock, settings)
    summaries = [await exchange.import_records(kind, data.rows_of(kind)) for kind in KINDS_IN_ORDER]
    return SeedResult(seeded=True, summaries=summaries, showcase=showcase(data))


def showcase(data: DemoData) -> list[DemoAccount]:
    """A few accounts worth linking in the bot: each kind of meter and each way of paying."""
    chosen: list[DemoAccount] = []
    for wanted in ("T", "T1;T2", "T1;T2;T3", Habit.IN_DEBT, Habit.OVERPAYS):
        for person in data.people:
            if wanted in (person.zones, person.habit) and person not in chosen:
                chosen.append(person)
                break
    return chosen[:SHOWCASE_SIZE]


async def _has_accounts(uow_factory: UnitOfWorkFactory) -> bool:
    async with uow_factory() as uow:
        return not await uow.exchange.is_empty(ACCOUNTS)
