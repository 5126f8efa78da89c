"""«История аккаунта»: the audit log in words, ten events a page, with ‹ › buttons."""

from __future__ import annotations

from core.users.profile_fields import ProfileField
from tests.bot.kit import BotWorld
from tests.bot.signed_in import linked_account, open_profile, signed_in_customer
from tests.core.accounts.seed import Seed


async def test_history_pages_back_and_forth(world: BotWorld) -> None:
    anna = await signed_in_customer(world)  # registered, signed in
    for apartment in range(1, 12):  # eleven changes: thirteen events, two pages
        await world.cabinet.users.update_profile(
            anna.user.id, {ProfileField.APARTMENT: str(apartment)}
        )
    await world.cabinet.users.update_profile(anna.user.id, {ProfileField.LAST_NAME: "Иванова"})
    client = anna.client
    await open_profile(anna)

    await client.click("🕓 История аккаунта")
    first = await client.expect_edit(contains="страница 1 из 2")
    assert "18.11.2026 12:30 — Изменены данные профиля: Фамилия" in first.text
    assert first.text.count("Изменены данные профиля: Квартира") == 9
    assert "‹" not in first.button_list and "›" in first.button_list

    await client.click("›")
    second = await client.expect_edit(contains="страница 2 из 2")
    assert "Изменены данные профиля: Квартира" in second.text
    assert "Регистрация" in second.text
    assert "Вход в аккаунт" in second.text
    assert "›" not in second.button_list

    await client.click("‹")
    await client.expect_edit(contains="страница 1 из 2")


async def test_events_of_an_account_show_its_number(world: BotWorld, seed: Seed) -> None:
    anna = await signed_in_customer(world)
    await linked_account(world, seed, anna.user.id, "110000001")
    await open_profile(anna)

    await anna.client.click("🕓 История аккаунта")
    page = await anna.client.expect_edit(contains="История аккаунта")
    assert "18.11.2026 12:30 — л/с № 110000001 — Подключён лицевой счёт" in page.text
    assert "18.11.2026 12:30 — Регистрация" in page.text  # no account: Дата / Операция
