from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from core.accounts.errors import (
    AccountAlreadyLinked,
    AccountNotFound,
    NotAccountOwner,
    TooManyLinkAttempts,
    WrongEls,
)
from core.accounts.guessing import GuessingAlert
from core.accounts.service import AccountsService
from core.clock import FrozenClock
from core.entities.accounts import LinkAttempt
from core.enums import AuditAction, LinkMethod, LinkStatus
from storage.models import audit_events_table, link_attempts_table
from storage.uow import UnitOfWorkFactory
from tests.core.accounts.seed import Seed


async def test_the_right_els_links_the_account_at_once(
    accounts: AccountsService, seed: Seed, uow_factory: UnitOfWorkFactory
) -> None:
    account = await seed.account(number="110000777")
    user_id = await seed.user()

    link = await accounts.link_by_els(user_id, "110000777", "77МН000000")

    assert (link.status, link.method, link.account_id) == (
        LinkStatus.ACTIVE,
        LinkMethod.ELS,
        account.id,
    )
    await accounts.ensure_owner(user_id, account.id)
    async with uow_factory() as uow:
        actions = (await uow.session.scalars(select(audit_events_table.c.action))).all()
    assert actions == [AuditAction.ACCOUNT_LINKED.value]


@pytest.mark.parametrize("typed", ["77мн000000", " 77 МН 000000 ", "77MH000000", "77-мн-000000"])
async def test_els_is_compared_without_case_spaces_or_latin_look_alikes(
    accounts: AccountsService, seed: Seed, typed: str
) -> None:
    await seed.account(number="110000777")
    user_id = await seed.user()

    link = await accounts.link_by_els(user_id, "110000777", typed)

    assert link.status == LinkStatus.ACTIVE


async def test_a_wrong_els_says_how_many_tries_are_left_and_links_nothing(
    accounts: AccountsService, seed: Seed
) -> None:
    account = await seed.account(number="110000777")
    user_id = await seed.user()

    with pytest.raises(WrongEls) as caught:
        await accounts.link_by_els(user_id, "110000777", "77МН000001")

    assert caught.value.code == "wrong_els"
    assert caught.value.params == {"attempts_left": 4}
    with pytest.raises(NotAccountOwner):
        await accounts.ensure_owner(user_id, account.id)


async def test_an_account_without_els_on_record_cannot_be_linked_by_an_empty_els(
    accounts: AccountsService, seed: Seed
) -> None:
    await seed.account(number="110000777", els=None)
    user_id = await seed.user()

    with pytest.raises(WrongEls):
        await accounts.link_by_els(user_id, "110000777", "")


async def test_five_misses_in_an_hour_stop_the_user_until_the_first_is_an_hour_old(
    accounts: AccountsService, seed: Seed, clock: FrozenClock
) -> None:
    await seed.account(number="110000777")
    for other in ("110000001", "110000002"):
        await seed.account(number=other)
    user_id = await seed.user()
    first_miss = clock.now()
    for number in ("110000001", "110000002", "110000777", "110000777", "999"):
        with pytest.raises((WrongEls, AccountNotFound)):
            await accounts.link_by_els(user_id, number, "77МН999999")
        clock.advance(timedelta(minutes=5))

    with pytest.raises(TooManyLinkAttempts) as caught:
        await accounts.link_by_els(user_id, "110000777", "77МН000000")

    assert caught.value.code == "too_many_link_attempts"
    assert caught.value.params == {"retry_at": first_miss + timedelta(hours=1)}
    clock.set(first_miss + timedelta(hours=1))
    link = await accounts.link_by_els(user_id, "110000777", "77МН000000")
    assert link.status == LinkStatus.ACTIVE


async def test_anothers_misses_on_an_account_never_stop_its_owner(
    accounts: AccountsService, seed: Seed
) -> None:
    await seed.account(number="110000777")
    stranger, owner = await seed.user(), await seed.user()
    for _ in range(5):
        with pytest.raises(WrongEls) as caught:
            await accounts.link_by_els(stranger, "110000777", "77МН999999")
        assert caught.value.alert is None  # one stranger is not "many people"

    link = await accounts.link_by_els(owner, "110000777", "77МН000000")

    assert link.status == LinkStatus.ACTIVE
    with pytest.raises(TooManyLinkAttempts):  # the stranger's own limit still holds
        await accounts.link_by_els(stranger, "110000777", "77МН000000")


async def test_the_owners_tries_left_count_the_owners_misses_only(
    accounts: AccountsService, seed: Seed
) -> None:
    await seed.account(number="110000777")
    stranger, owner = await seed.user(), await seed.user()
    for _ in range(4):
        with pytest.raises(WrongEls):
            await accounts.link_by_els(stranger, "110000777", "77МН999999")

    with pytest.raises(WrongEls) as caught:
        await accounts.link_by_els(owner, "110000777", "77МН000001")  # a typo

    assert caught.value.params == {"attempts_left": 4}


async def test_misses_by_many_cabinets_alert_staff_once_an_hour(
    accounts: AccountsService, seed: Seed, clock: FrozenClock
) -> None:
    account = await seed.account(number="110000777")
    start = clock.now()

    async def miss() -> GuessingAlert | None:
        with pytest.raises(WrongEls) as caught:
            await accounts.link_by_els(await seed.user(), "110000777", "77МН999999")
        clock.advance(timedelta(minutes=1))
        return caught.value.alert

    alerts = [await miss() for _ in range(7)]

    assert [alert is not None for alert in alerts] == [False] * 4 + [True] + [False] * 2
    assert alerts[4] == GuessingAlert(
        account_id=account.id,
        account_number="110000777",
        branch="Ессентукский филиал",
        address="г. Ессентуки, ул. Терская, д. 128А, кв. 5",  # staff see it whole
        users=5,
        failures=5,
        since=start + timedelta(minutes=4) - timedelta(hours=1),
    )
    clock.set(start + timedelta(hours=2))  # the misses above are out of view
    again = [await miss() for _ in range(5)]
    assert [alert is not None for alert in again] == [False] * 4 + [True]


async def test_ten_misses_on_an_account_alert_staff_whoever_made_them(
    accounts: AccountsService, seed: Seed
) -> None:
    await seed.account(number="110000777")
    alerts = []
    for _ in range(2):
        guesser = await seed.user()
        for _ in range(5):
            with pytest.raises(WrongEls) as caught:
                await accounts.link_by_els(guesser, "110000777", "77МН999999")
            alerts.append(caught.value.alert)

    assert [alert is not None for alert in alerts] == [False] * 9 + [True]
    assert alerts[-1] is not None and (alerts[-1].users, alerts[-1].failures) == (2, 10)


async def test_misses_older_than_an_hour_do_not_count(
    accounts: AccountsService, seed: Seed, clock: FrozenClock
) -> None:
    await seed.account(number="110000777")
    user_id = await seed.user()
    for _ in range(4):
        with pytest.raises(WrongEls):
            await accounts.link_by_els(user_id, "110000777", "77МН999999")
    clock.advance(timedelta(hours=1, seconds=1))

    with pytest.raises(WrongEls) as caught:
        await accounts.link_by_els(user_id, "110000777", "77МН999999")

    assert caught.value.params == {"attempts_left": 4}


async def test_every_try_is_recorded(
    accounts: AccountsService, seed: Seed, uow_factory: UnitOfWorkFactory
) -> None:
    await seed.account(number="110000777")
    user_id = await seed.user()
    with pytest.raises(WrongEls):
        await accounts.link_by_els(user_id, "110000777", "77МН999999")
    await accounts.link_by_els(user_id, "110000777", "77МН000000")

    async with uow_factory() as uow:
        outcomes = (
            await uow.session.scalars(
                select(link_attempts_table.c.succeeded).order_by(link_attempts_table.c.id)
            )
        ).all()
    assert outcomes == [False, True]


async def test_linking_an_account_twice_is_a_clear_error(
    accounts: AccountsService, seed: Seed
) -> None:
    await seed.account(number="110000777")
    user_id = await seed.user()
    await accounts.link_by_els(user_id, "110000777", "77МН000000")

    with pytest.raises(AccountAlreadyLinked) as caught:
        await accounts.link_by_els(user_id, "110000777", "77МН000000")

    assert caught.value.params == {"number": "110000777"}


async def test_a_family_member_may_link_the_same_account(
    accounts: AccountsService, seed: Seed
) -> None:
    account = await seed.account(number="110000777")
    husband, wife = await seed.user(), await seed.user()

    await accounts.link_by_els(husband, "110000777", "77МН000000")
    await accounts.link_by_els(wife, "110000777", "77МН000000")

    await accounts.ensure_owner(husband, account.id)
    await accounts.ensure_owner(wife, account.id)


async def test_an_unknown_number_is_an_error_and_counts_as_a_miss(
    accounts: AccountsService, seed: Seed, uow_factory: UnitOfWorkFactory
) -> None:
    user_id = await seed.user()

    with pytest.raises(AccountNotFound):
        await accounts.link_by_els(user_id, "999", "77МН000000")

    async with uow_factory() as uow:
        misses = await uow.session.scalar(select(func.count()).select_from(LinkAttempt))
    assert misses == 1
