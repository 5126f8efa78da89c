"""«Управление лицевыми счетами»: the list, unlinking after a confirmation, adding one."""

from __future__ import annotations

from bot.handlers.profile.keyboards import AccountAction, AccountButton
from tests.bot.kit import BotWorld
from tests.bot.signed_in import (
    linked_account,
    open_profile,
    press_crafted,
    signed_in_customer,
)
from tests.core.accounts.seed import Seed


async def test_an_account_is_unlinked_only_after_a_yes(world: BotWorld, seed: Seed) -> None:
    anna = await signed_in_customer(world)
    await linked_account(world, seed, anna.user.id, "110000001")
    await linked_account(world, seed, anna.user.id, "110000002")
    client = anna.client
    await open_profile(anna)
    await client.click("🧾 Лицевые счета")
    listing = await client.expect_edit(contains="Ваши лицевые счета")
    assert "№ 110000001 — г. Ессентуки, ул. Терская, д. 128А, кв. 5" in listing.text
    assert "№ 110000002" in listing.text
    add = listing.inline_button("➕ Добавить лицевой счёт")
    assert add is not None and add["callback_data"] == "link:start"

    await client.click("Отключить № 110000001")
    await client.expect_edit(contains="Отключить лицевой счёт № 110000001 от кабинета?")
    await client.click("Нет")
    await client.expect_edit(contains="Ваши лицевые счета")
    assert len(await world.cabinet.accounts.list_accounts(anna.user.id)) == 2

    await client.click("Отключить № 110000001")
    await client.expect_edit(contains="Отключить лицевой счёт № 110000001")
    await client.click("Да, отключить")

    after = await client.expect_edit(contains="✅ Лицевой счёт отключён")
    assert "110000001" not in after.text and "№ 110000002" in after.text
    remaining = await world.cabinet.accounts.list_accounts(anna.user.id)
    assert [account.number for account in remaining] == ["110000002"]


async def test_a_request_under_review_is_listed_without_its_address(
    world: BotWorld, seed: Seed
) -> None:
    anna = await signed_in_customer(world)
    await seed.account(number="110000003", apartment="77")
    await world.cabinet.accounts.request_link_by_photo(anna.user.id, "110000003", "meter.jpg")
    client = anna.client
    await open_profile(anna)

    await client.click("🧾 Лицевые счета")

    listing = await client.expect_edit(contains="№ 110000003 — заявка на проверке")
    assert "кв. 77" not in listing.text


async def test_an_unlink_button_of_an_account_gone_elsewhere_is_refused(
    world: BotWorld, seed: Seed
) -> None:
    anna = await signed_in_customer(world)
    boris = await signed_in_customer(world, phone="+79280000001", first_name="Борис")
    account = await linked_account(world, seed, anna.user.id, "110000001")
    client = anna.client
    await open_profile(anna)
    await client.click("🧾 Лицевые счета")
    listing = await client.expect_edit(contains="Ваши лицевые счета")
    await world.cabinet.accounts.unlink(anna.user.id, account)
    await world.cabinet.accounts.link_by_els(boris.user.id, "110000001", "77МН000000")

    await client.click("Отключить № 110000001", message=listing)

    answer = await client.expect_callback_answer()
    assert answer["text"] == "Этот лицевой счёт не подключён к вашему кабинету."
    assert [a.number for a in await world.cabinet.accounts.list_accounts(boris.user.id)] == [
        "110000001"
    ]


async def test_a_crafted_unlink_of_someone_elses_account_changes_nothing(
    world: BotWorld, seed: Seed
) -> None:
    anna = await signed_in_customer(world)
    boris = await signed_in_customer(world, phone="+79280000001", first_name="Борис")
    await linked_account(world, seed, anna.user.id, "110000001")
    borises = await linked_account(world, seed, boris.user.id, "110000002")
    client = anna.client
    await open_profile(anna)
    await client.click("🧾 Лицевые счета")
    listing = await client.expect_edit(contains="Ваши лицевые счета")

    for action in (AccountAction.UNLINK, AccountAction.UNLINK_CONFIRMED):
        data = AccountButton(action=action, account_id=borises).pack()
        await press_crafted(client, listing, data)
        answer = await client.expect_callback_answer()
        assert answer["text"] == "Этот лицевой счёт не подключён к вашему кабинету."

    assert [a.number for a in await world.cabinet.accounts.list_accounts(boris.user.id)] == [
        "110000002"
    ]
