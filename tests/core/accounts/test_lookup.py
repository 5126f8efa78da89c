from __future__ import annotations

import contextlib
from datetime import timedelta

import pytest

from core.accounts.address import masked_name
from core.accounts.errors import AccountNotFound, TooManyAccountLookups
from core.accounts.service import AccountsService
from core.clock import FrozenClock
from tests.core.accounts.seed import Seed


async def test_a_stranger_sees_the_street_but_not_the_door(
    accounts: AccountsService, seed: Seed
) -> None:
    account = await seed.account(number="110000777", holder_name="Иванов И. А.")

    view = await accounts.lookup("110000777")

    assert view.masked
    assert view.address == "г. Ессентуки, ул. Терская, д. 1***, кв. **"
    assert view.holder_name == "И***в И. А."
    assert view.account_id == account.id
    assert view.branch == "Ессентукский филиал"


async def test_the_owner_sees_the_full_address_and_name(
    accounts: AccountsService, seed: Seed
) -> None:
    account = await seed.account(number="110000777")
    user_id = await seed.user()
    await accounts.link_by_els(user_id, "110000777", "77МН000000")

    view = await accounts.lookup("110000777", viewer_user_id=user_id)

    assert not view.masked
    assert view.address == "г. Ессентуки, ул. Терская, д. 128А, кв. 5"
    assert view.holder_name == account.holder_name


async def test_another_user_still_gets_the_masked_view(
    accounts: AccountsService, seed: Seed
) -> None:
    await seed.account(number="110000777")
    owner, stranger = await seed.user(), await seed.user()
    await accounts.link_by_els(owner, "110000777", "77МН000000")

    view = await accounts.lookup("110000777", viewer_user_id=stranger)

    assert view.masked


async def test_a_number_typed_with_spaces_is_found(accounts: AccountsService, seed: Seed) -> None:
    await seed.account(number="110000777")

    view = await accounts.lookup(" 110 000 777 ")

    assert view.number == "110000777"


async def test_an_unknown_number_is_a_clear_error(accounts: AccountsService) -> None:
    with pytest.raises(AccountNotFound) as caught:
        await accounts.lookup("999")

    assert caught.value.code == "account_not_found"
    assert caught.value.params == {"number": "999"}
    assert "999" in str(caught.value)


@pytest.mark.parametrize(
    ("holder", "masked"),
    [
        ("Иванов И. А.", "И***в И. А."),
        ("Иванов Иван Александрович", "И***в И. А."),
        ("Ли Вэй", "Л*** В."),
        ("Петрова", "П***а"),
    ],
)
def test_holder_names_keep_only_initials_and_the_ends_of_the_surname(
    holder: str, masked: str
) -> None:
    assert masked_name(holder) == masked


async def test_a_users_look_ups_are_limited_found_or_not(
    accounts: AccountsService, seed: Seed, clock: FrozenClock
) -> None:
    await seed.account(number="110000777")
    guesser = await seed.user()
    for attempt in range(10):
        number = "110000777" if attempt % 2 else f"99900{attempt}"
        with contextlib.suppress(AccountNotFound):
            await accounts.lookup(number, viewer_user_id=guesser)

    with pytest.raises(TooManyAccountLookups) as refused:
        await accounts.lookup("110000777", viewer_user_id=guesser)
    assert refused.value.params["retry_at"] > clock.now()

    assert (await accounts.lookup("110000777")).masked  # a look-up by no one is not counted
    clock.advance(timedelta(hours=1, seconds=1))
    assert (await accounts.lookup("110000777", viewer_user_id=guesser)).number == "110000777"
