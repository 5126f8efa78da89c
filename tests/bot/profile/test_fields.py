"""«Основная анкета» and «Контактная информация»: viewing, editing one field at a time with the
cabinet's validation, clearing a field."""

from __future__ import annotations

from datetime import date

from core.users.profile_fields import ProfileField
from tests.bot.kit import BotWorld
from tests.bot.signed_in import PIXEL_PNG, open_profile, signed_in_customer


async def test_the_overview_shows_who_is_signed_in_and_the_sections(world: BotWorld) -> None:
    anna = await signed_in_customer(world)
    await world.cabinet.users.update_profile(
        anna.user.id, {ProfileField.LAST_NAME: "Иванова", ProfileField.FIRST_NAME: "Анна"}
    )

    overview = await open_profile(anna)

    assert "ФИО: Иванова Анна" in overview.text
    assert "Телефон для входа: +79280000000" in overview.text
    assert "E-mail для входа: не указано" in overview.text
    assert overview.button_list == [
        "📝 Основная анкета",
        "📬 Контактная информация",
        "📱 Телефон для входа",
        "🔑 Изменить пароль",
        "✉️ Изменить e-mail",
        "🕓 История аккаунта",
        "🧾 Лицевые счета",
        "🔔 Уведомления",
        "🚪 Выйти",
        "🗑 Удалить мои данные",
    ]


async def test_a_birth_date_is_refused_until_it_is_a_real_one(world: BotWorld) -> None:
    anna = await signed_in_customer(world)
    client = anna.client
    await open_profile(anna)
    await client.click("📝 Основная анкета")
    section = await client.expect_edit(contains="Основная анкета")
    assert "Дата рождения: не указано" in section.text

    await client.click("Дата рождения")
    prompt = await client.expect_message(contains="«Дата рождения»")
    assert "Например: 21.03.1985" in prompt.text
    await client.send("31.02.1985")
    assert "Не понял дату" in (await client.expect_message()).text
    await client.send("01.01.2020")
    assert "не от 14 до 120 лет" in (await client.expect_message()).text
    await client.send_photo(PIXEL_PNG)
    assert "обычным текстом" in (await client.expect_message()).text
    await client.send("21.03.1985")

    await client.expect_message(contains="✅ Сохранено: «Дата рождения»")
    shown = await client.expect_message(contains="Основная анкета")
    assert "Дата рождения: 21.03.1985" in shown.text
    assert (await world.cabinet.users.profile(anna.user.id)).birth_date == date(1985, 3, 21)


async def test_a_contact_e_mail_must_be_an_address(world: BotWorld) -> None:
    anna = await signed_in_customer(world)
    client = anna.client
    await open_profile(anna)
    await client.click("📬 Контактная информация")
    await client.expect_edit(contains="Контактная информация")

    await client.click("E-mail для связи")
    await client.expect_message(contains="«E-mail для связи»")
    await client.send("anna at example")
    assert "не похоже на адрес электронной почты" in (await client.expect_message()).text
    await client.send("Anna@Example.ru")

    await client.expect_message(contains="✅ Сохранено")
    shown = await client.expect_message(contains="Контактная информация")
    assert "E-mail для связи: anna@example.ru" in shown.text
    profile = await world.cabinet.users.profile(anna.user.id)
    assert profile.contact_email == "anna@example.ru"


async def test_a_field_can_be_cleared_and_values_are_shown_escaped(world: BotWorld) -> None:
    anna = await signed_in_customer(world)
    await world.cabinet.users.update_profile(anna.user.id, {ProfileField.STREET: "ул. <Мира>"})
    client = anna.client
    await open_profile(anna)
    await client.click("📬 Контактная информация")
    section = await client.expect_edit(contains="Контактная информация")
    assert "Улица: ул. <Мира>" in section.text

    await client.click("Улица")
    await client.expect_message(contains="Сейчас: ул. <Мира>")
    await client.click("Очистить")

    cleared = await client.expect_edit(contains="Контактная информация")
    assert "Улица: не указано" in cleared.text
    assert (await world.cabinet.users.profile(anna.user.id)).street is None
    await client.send("ул. Ленина")  # the dialog is over: this is no longer a value
    await client.expect_message(contains="раздел в меню")  # the hint, or the offer to support


async def test_cancel_leaves_the_field_as_it_was(world: BotWorld) -> None:
    anna = await signed_in_customer(world)
    client = anna.client
    await open_profile(anna)
    await client.click("📝 Основная анкета")
    await client.expect_edit()
    await client.click("Фамилия")
    await client.expect_message(contains="«Фамилия»")
    await client.click("Отмена")

    await client.expect_edit(contains="Основная анкета")
    await client.send("Петрова")
    await client.expect_message(contains="Выберите раздел в меню")  # one word: no question
    assert (await world.cabinet.users.profile(anna.user.id)).last_name is None
