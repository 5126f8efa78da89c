"""Who hears what of an outage, and when (core.outages.notices), on the outbox's rows."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from core.clock import FrozenClock
from core.entities.accounts import Account, AccountLink
from core.entities.users import TelegramIdentity, User
from core.enums import LinkMethod, LinkStatus
from core.exchange import BillingExchange
from core.outages.notices import OutageNotices
from storage.models import outbox_table
from storage.uow import UnitOfWorkFactory
from tests.core.accounts.seed import settings

NOW = datetime(2026, 11, 18, 9, 30, tzinfo=UTC)  # 12:30 in Moscow
HEADER = ["outage_id", "kind", "branch", "locality", "street", "houses", "starts_at", "ends_at"]
BRANCH = "Ессентукский филиал"


async def customer(uow_factory: UnitOfWorkFactory, n: int, *houses: str) -> int:
    """A customer with a chat and an account at each of `houses` of ул. Мира; the user id."""
    async with uow_factory() as uow:
        user = User(phone=f"+7928111000{n}", created_at=NOW)
        uow.session.add(user)
        await uow.session.flush()
        uow.session.add(
            TelegramIdentity(
                telegram_user_id=5000 + n, user_id=user.id, chat_id=5000 + n, created_at=NOW
            )
        )
        for index, house in enumerate(houses):
            account = Account(
                number=f"3{n:03d}{index:02d}",
                branch=BRANCH,
                locality="г. Ессентуки",
                street="ул. Мира",
                house=house,
                holder_name="Петров П. П.",
                tariff="городской",
            )
            uow.session.add(account)
            await uow.session.flush()
            uow.session.add(
                AccountLink(
                    user_id=user.id,
                    account_id=account.id,
                    status=LinkStatus.ACTIVE.value,
                    method=LinkMethod.ELS.value,
                    created_at=NOW,
                )
            )
        await uow.commit()
        return user.id


async def told(uow_factory: UnitOfWorkFactory) -> list[tuple[int | None, str]]:
    async with uow_factory() as uow:
        rows = await uow.session.execute(
            select(outbox_table.c.user_id, outbox_table.c.payload).order_by(outbox_table.c.id)
        )
        return [(user_id, payload["event"]) for user_id, payload in rows]


def row(houses: str, starts: str, ends: str, kind: str = "planned") -> list[str]:
    return ["П-1", kind, BRANCH, "Ессентуки", "Мира", houses, starts, ends, ""]


async def test_a_late_planned_cut_is_told_as_on_now_once_to_a_customer_of_two_accounts(
    uow_factory: UnitOfWorkFactory,
) -> None:
    clock = FrozenClock(NOW)
    both = await customer(uow_factory, 1, "3", "5")
    exchange = BillingExchange(uow_factory, clock, settings())
    await exchange.import_records("outages", [row("1-9", "2026-11-18 12:00", "2026-11-18 15:00")])
    await OutageNotices(uow_factory, clock, settings()).run()
    assert await told(uow_factory) == [(both, "started")]


async def test_a_cut_called_off_before_anyone_heard_of_it_is_told_to_no_one(
    uow_factory: UnitOfWorkFactory,
) -> None:
    clock = FrozenClock(NOW)
    await customer(uow_factory, 1, "3")
    exchange = BillingExchange(uow_factory, clock, settings())
    await exchange.import_records("outages", [row("1-9", "2026-11-21 09:00", "2026-11-21 15:00")])
    summary = await exchange.import_records("outages", [])
    assert summary.cancelled == 1
    clock.advance(timedelta(days=3))
    await OutageNotices(uow_factory, clock, settings()).run()
    assert await told(uow_factory) == []


async def test_moved_to_other_houses_only_those_new_to_it_hear_the_stage(
    uow_factory: UnitOfWorkFactory,
) -> None:
    clock = FrozenClock(NOW)
    first = await customer(uow_factory, 1, "3")
    second = await customer(uow_factory, 2, "11")
    exchange = BillingExchange(uow_factory, clock, settings())
    emergency = "emergency"
    await exchange.import_records(
        "outages", [row("1-9", "2026-11-18 12:00", "2026-11-18 16:00", emergency)]
    )
    await exchange.import_records(
        "outages", [row("1-15", "2026-11-18 12:00", "2026-11-18 16:00", emergency)]
    )
    await OutageNotices(uow_factory, clock, settings()).run()
    assert await told(uow_factory) == [(first, "emergency"), (second, "emergency")]
