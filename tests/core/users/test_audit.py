"""«История аккаунта»: newest first, ten to a page, with the total."""

from __future__ import annotations

from datetime import timedelta

from core import audit
from core.clock import FrozenClock
from core.entities.accounts import Account
from core.entities.users import User
from core.enums import AuditAction
from storage.uow import UnitOfWorkFactory
from tests.core.users.conftest import START


async def make_user(uow_factory: UnitOfWorkFactory) -> int:
    async with uow_factory() as uow:
        user = User(failed_sign_ins=0, language="ru", created_at=START)
        uow.users.add(user)
        await uow.commit()
        return user.id


async def test_history_is_paged_newest_first(
    uow_factory: UnitOfWorkFactory, clock: FrozenClock
) -> None:
    user_id = await make_user(uow_factory)
    other_id = await make_user(uow_factory)
    async with uow_factory() as uow:
        for minute in range(23):
            await audit.record(
                uow, user_id, AuditAction.SIGNED_IN, details={"n": minute}, at=clock.now()
            )
            await audit.record(uow, other_id, AuditAction.SIGNED_OUT, at=clock.now())
            clock.advance(timedelta(minutes=1))
        await uow.commit()

    first = await audit.list_events(uow_factory, user_id)
    last = await audit.list_events(uow_factory, user_id, page=3)

    assert (first.total, first.pages, first.page) == (23, 3, 1)
    assert [e.details["n"] for e in first.items] == list(range(22, 12, -1))
    assert [e.details["n"] for e in last.items] == [2, 1, 0]
    assert {e.action for e in first.items} == {AuditAction.SIGNED_IN}
    assert first.items[0].created_at == START + timedelta(minutes=22)


async def test_events_of_one_moment_keep_the_order_they_happened_in(
    uow_factory: UnitOfWorkFactory, clock: FrozenClock
) -> None:
    user_id = await make_user(uow_factory)
    async with uow_factory() as uow:
        await audit.record(uow, user_id, AuditAction.REGISTERED, at=clock.now())
        await audit.record(uow, user_id, AuditAction.SIGNED_IN, at=clock.now())
        await uow.commit()

    page = await audit.list_events(uow_factory, user_id)

    assert [e.action for e in page.items] == [AuditAction.SIGNED_IN, AuditAction.REGISTERED]


async def test_an_event_names_the_account_it_concerns(
    uow_factory: UnitOfWorkFactory, clock: FrozenClock
) -> None:
    user_id = await make_user(uow_factory)
    async with uow_factory() as uow:
        account = Account(
            number="2601000123",
            branch="Ставропольский филиал",
            locality="г. Ставрополь",
            holder_name="Иванова А. П.",
            tariff="Население",
        )
        uow.session.add(account)
        await uow.session.flush()
        await audit.record(
            uow, user_id, AuditAction.ACCOUNT_UNLINKED, account_id=account.id, at=clock.now()
        )
        await uow.commit()
        account_id = account.id

    page = await audit.list_events(uow_factory, user_id)

    assert page.items[0].account_id == account_id
    assert page.items[0].action is AuditAction.ACCOUNT_UNLINKED


async def test_an_event_not_committed_is_not_history(
    uow_factory: UnitOfWorkFactory, clock: FrozenClock
) -> None:
    user_id = await make_user(uow_factory)
    async with uow_factory() as uow:
        await audit.record(uow, user_id, AuditAction.SIGNED_IN, at=clock.now())

    page = await audit.list_events(uow_factory, user_id)

    assert (page.total, page.pages, list(page.items)) == (0, 1, [])
