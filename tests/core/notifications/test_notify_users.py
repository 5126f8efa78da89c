"""`notify_users`: many notices in a few queries, the rows `notify_user` writes, once each."""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncEngine

from core.entities.users import TelegramIdentity
from core.enums import NotificationKind
from core.notifications.outbox import Notice, notify_user, notify_users
from core.notifications.preferences import NotificationPreferences
from storage.models import telegram_identities_table
from storage.uow import UnitOfWorkFactory
from tests.core.notifications.conftest import WINDOW_OPENS_AT, Customer, People
from tests.sql import recorded_statements

BILL = NotificationKind.NEW_BILL
ANSWER = NotificationKind.STAFF_ANSWER


def bill(who: Customer) -> Notice:
    payload = {"account_id": who.account_id, "account_number": "1", "period": "2026-11"}
    return Notice(who.user_id, BILL, payload, f"bill:{who.account_id}:2026-11")


async def notify(uow_factory: UnitOfWorkFactory, notices: list[Notice]) -> dict[str, list[str]]:
    async with uow_factory() as uow:
        added = await notify_users(uow, notices, WINDOW_OPENS_AT)
        await uow.commit()
    return added


async def test_every_chat_once_but_not_the_switched_off_or_blocked(
    people: People, uow_factory: UnitOfWorkFactory
) -> None:
    anna, boris, vera = [await people.customer() for _ in range(3)]
    async with uow_factory() as uow:  # Anna signed in from a second Telegram account as well
        uow.session.add(
            TelegramIdentity(
                telegram_user_id=9001,
                user_id=anna.user_id,
                chat_id=9001,
                created_at=WINDOW_OPENS_AT,
            )
        )
        await uow.session.execute(
            update(TelegramIdentity)
            .where(telegram_identities_table.c.user_id == vera.user_id)
            .values(blocked_at=WINDOW_OPENS_AT)
        )
        await uow.commit()
    await NotificationPreferences(uow_factory).set_enabled(boris.user_id, BILL, False)
    answer = Notice(boris.user_id, ANSWER, {"text": "Ответ", "attachments": []}, "answer:1")

    added = await notify(uow_factory, [bill(anna), bill(boris), bill(vera), answer])
    again = await notify(uow_factory, [bill(anna), bill(boris), bill(vera), answer])

    assert added == {
        f"bill:{anna.account_id}:2026-11": [
            f"bill:{anna.account_id}:2026-11:{anna.telegram_id}",
            f"bill:{anna.account_id}:2026-11:9001",
        ],
        "answer:1": [f"answer:1:{boris.telegram_id}"],  # a staff answer cannot be switched off
    }
    assert again == {}
    rows = await people.outbox()
    assert [(row.user_id, row.chat_id, row.kind) for row in rows] == [
        (anna.user_id, anna.telegram_id, "new_bill"),
        (anna.user_id, 9001, "new_bill"),
        (boris.user_id, boris.telegram_id, "staff_answer"),
    ]
    assert all(row.status == "pending" and row.attempts == 0 for row in rows)
    assert rows[0].payload == bill(anna).payload


async def test_notify_user_is_one_notice(people: People, uow_factory: UnitOfWorkFactory) -> None:
    anna = await people.customer()
    async with uow_factory() as uow:
        first = await notify_user(
            uow, user_id=anna.user_id, kind=ANSWER, payload={}, dedup_key="a", now=WINDOW_OPENS_AT
        )
        second = await notify_user(
            uow, user_id=anna.user_id, kind=ANSWER, payload={}, dedup_key="a", now=WINDOW_OPENS_AT
        )
        await uow.commit()
    assert (first, second) == (1, 0)
    [row] = await people.outbox()
    assert row.dedup_key == f"a:{anna.telegram_id}"


async def test_queries_do_not_grow_with_the_notices(
    people: People, uow_factory: UnitOfWorkFactory, sqlite_engine: AsyncEngine
) -> None:
    few = [await people.customer() for _ in range(2)]
    many = [await people.customer() for _ in range(30)]

    with recorded_statements(sqlite_engine) as for_few:
        await notify(uow_factory, [bill(who) for who in few])
    with recorded_statements(sqlite_engine) as for_many:
        await notify(uow_factory, [bill(who) for who in many])

    # switches, chats, known keys, one insert (and whatever the session adds around them)
    assert len(for_many) == len(for_few) <= 6, for_many
    assert len(await people.outbox()) == 32
