from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import select

from core.accounts.errors import (
    AccountAlreadyLinked,
    LinkNotFound,
    LinkNotPending,
    LinkRequestPending,
    NotAccountOwner,
)
from core.accounts.service import AccountsService
from core.enums import AuditAction, LinkMethod, LinkStatus
from storage.models import audit_events_table
from storage.uow import UnitOfWorkFactory
from tests.core.accounts.seed import Seed

STAFF = 5550001


async def test_a_photo_request_waits_for_staff_and_grants_nothing_yet(
    accounts: AccountsService, seed: Seed
) -> None:
    account = await seed.account(number="110000777")
    user_id = await seed.user()

    link = await accounts.request_link_by_photo(user_id, "110000777", "photos/meter.jpg")

    assert (link.status, link.method) == (LinkStatus.PENDING, LinkMethod.PHOTO)
    listed = await accounts.list_accounts(user_id)
    assert [(a.number, a.status) for a in listed] == [("110000777", LinkStatus.PENDING)]
    with pytest.raises(NotAccountOwner):
        await accounts.ensure_owner(user_id, account.id)
    assert await accounts.dashboard(user_id) == []


async def test_a_second_request_or_an_els_link_while_one_is_pending_is_refused(
    accounts: AccountsService, seed: Seed
) -> None:
    await seed.account(number="110000777")
    user_id = await seed.user()
    await accounts.request_link_by_photo(user_id, "110000777", "photos/meter.jpg")

    with pytest.raises(LinkRequestPending):
        await accounts.request_link_by_photo(user_id, "110000777", "photos/again.jpg")
    with pytest.raises(LinkRequestPending) as caught:
        await accounts.link_by_els(user_id, "110000777", "77МН000000")
    assert caught.value.code == "link_request_pending"


async def test_staff_approval_links_the_account(
    accounts: AccountsService, seed: Seed, uow_factory: UnitOfWorkFactory
) -> None:
    account = await seed.account(number="110000777")
    user_id = await seed.user()
    request = await accounts.request_link_by_photo(user_id, "110000777", "photos/meter.jpg")

    approved = await accounts.approve(request.link_id, STAFF)

    assert approved.status == LinkStatus.ACTIVE
    assert approved.user_id == user_id
    await accounts.ensure_owner(user_id, account.id)
    with pytest.raises(AccountAlreadyLinked):
        await accounts.request_link_by_photo(user_id, "110000777", "photos/meter.jpg")
    async with uow_factory() as uow:
        actions = (
            await uow.session.scalars(
                select(audit_events_table.c.action).order_by(audit_events_table.c.id)
            )
        ).all()
    assert actions == [AuditAction.ACCOUNT_LINK_REQUESTED.value, AuditAction.ACCOUNT_LINKED.value]


async def test_staff_rejection_keeps_the_reason_and_allows_a_new_request(
    accounts: AccountsService, seed: Seed
) -> None:
    account = await seed.account(number="110000777")
    user_id = await seed.user()
    request = await accounts.request_link_by_photo(user_id, "110000777", "photos/blurry.jpg")

    rejected = await accounts.reject(request.link_id, STAFF, "Номер счётчика не виден")

    assert rejected.status == LinkStatus.REJECTED
    assert rejected.reject_reason == "Номер счётчика не виден"
    with pytest.raises(NotAccountOwner):
        await accounts.ensure_owner(user_id, account.id)
    again = await accounts.request_link_by_photo(user_id, "110000777", "photos/sharp.jpg")
    assert again.status == LinkStatus.PENDING


async def test_a_request_is_reviewed_once(accounts: AccountsService, seed: Seed) -> None:
    await seed.account(number="110000777")
    user_id = await seed.user()
    request = await accounts.request_link_by_photo(user_id, "110000777", "photos/meter.jpg")
    await accounts.approve(request.link_id, STAFF)

    with pytest.raises(LinkNotPending) as caught:
        await accounts.reject(request.link_id, STAFF + 1, "late")

    assert caught.value.params == {"link_id": request.link_id, "status": "active"}
    with pytest.raises(LinkNotFound):
        await accounts.approve(request.link_id + 100, STAFF)


async def test_unlinking_removes_access_and_the_account_can_be_linked_again(
    accounts: AccountsService, seed: Seed
) -> None:
    account = await seed.account(number="110000777")
    user_id = await seed.user()
    await accounts.link_by_els(user_id, "110000777", "77МН000000")

    await accounts.unlink(user_id, account.id)

    with pytest.raises(NotAccountOwner):
        await accounts.ensure_owner(user_id, account.id)
    assert await accounts.list_accounts(user_id) == []
    with pytest.raises(NotAccountOwner):
        await accounts.unlink(user_id, account.id)
    await accounts.link_by_els(user_id, "110000777", "77МН000000")
    await accounts.ensure_owner(user_id, account.id)


async def test_unlinking_one_family_member_leaves_the_other(
    accounts: AccountsService, seed: Seed
) -> None:
    account = await seed.account(number="110000777")
    husband, wife = await seed.user(), await seed.user()
    await accounts.link_by_els(husband, "110000777", "77МН000000")
    await accounts.link_by_els(wife, "110000777", "77МН000000")

    await accounts.unlink(husband, account.id)

    await accounts.ensure_owner(wife, account.id)


async def test_the_list_shows_accounts_in_the_order_they_were_added(
    accounts: AccountsService, seed: Seed
) -> None:
    await seed.account(number="110000002")
    await seed.account(number="110000001")
    user_id = await seed.user()
    await accounts.link_by_els(user_id, "110000002", "77МН000000")
    await accounts.request_link_by_photo(user_id, "110000001", "photos/meter.jpg")

    listed = await accounts.list_accounts(user_id)

    assert [(a.number, a.status) for a in listed] == [
        ("110000002", LinkStatus.ACTIVE),
        ("110000001", LinkStatus.PENDING),
    ]
    assert listed[0].address == "г. Ессентуки, ул. Терская, д. 128А, кв. 5"


async def test_two_staff_deciding_at_once_one_wins_and_the_other_is_told(
    accounts: AccountsService, seed: Seed
) -> None:
    await seed.account(number="110000777")
    user_id = await seed.user()
    request = await accounts.request_link_by_photo(user_id, "110000777", "photos/meter.jpg")

    outcomes = await asyncio.gather(
        accounts.approve(request.link_id, STAFF),
        accounts.reject(request.link_id, STAFF + 1, "Фото нечёткое"),
        return_exceptions=True,
    )

    decided = [o for o in outcomes if not isinstance(o, BaseException)]
    refused = [o for o in outcomes if isinstance(o, LinkNotPending)]
    assert len(decided) == 1 and len(refused) == 1
    statuses = [link.status for link in await accounts.list_accounts(user_id)]
    if decided[0].status == LinkStatus.ACTIVE:
        assert statuses == [LinkStatus.ACTIVE]
    else:
        assert LinkStatus.ACTIVE not in statuses
