"""«История аккаунта»: the audit log in words, ten events a page, with ‹ › buttons."""

from __future__ import annotations

from core.users.profile_fields import ProfileField
from tests.bot.kit import BotWorld
from tests.bot.signed_in import open_profile, signed_in_customer


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
