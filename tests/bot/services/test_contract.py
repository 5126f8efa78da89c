"""«Заключить договор» for a customer with no account yet: from «Главная» (or the catalogue) the
address, the holder and a phone; the request reaches the customer's topic with all three."""

from __future__ import annotations

from tests.bot.kit import BotWorld
from tests.bot.signed_in import signed_in_customer
from tests.bot.support.test_scene import staff_member


async def test_a_customer_without_an_account_asks_for_a_contract(support_world: BotWorld) -> None:
    world = support_world
    await staff_member(world)
    anna = await signed_in_customer(world, phone="+79280000031")
    await anna.client.send("🏠 Главная")
    home = await anna.client.expect_message(contains="не подключён ни один лицевой счёт")
    assert home.button_list == ["➕ Добавить лицевой счёт", "📝 Заключить договор"]

    await anna.client.click("📝 Заключить договор")
    await anna.client.expect_message(contains="Напишите адрес")
    await anna.client.send("Мира 5")
    await anna.client.expect_message(contains="Укажите адрес полностью")
    await anna.client.send("г. Ставрополь, ул. Мира, д. 5, кв. 12")
    await anna.client.expect_message(contains="Фамилия, имя и отчество")
    await anna.client.send("Иванова Анна Петровна")
    phone = await anna.client.expect_message(contains="Телефон для связи")
    assert phone.reply_keyboard == [["+79280000031"]]
    await anna.client.send("+79280000031")
    summary = await anna.client.expect_message(contains="Проверьте заявку")
    assert "г. Ставрополь, ул. Мира, д. 5, кв. 12" in summary.text
    assert "Иванова Анна Петровна" in summary.text
    await anna.client.click("✅ Отправить заявку")
    accepted = await anna.client.expect_message(contains="принята")
    assert "Заявка №" in accepted.text

    while "Заявка №" not in (card := await world.emu.staff.expect_message()).text:
        pass
    assert "Заключение договора" in card.text
    for shown in (
        "Лицевого счёта ещё нет",
        "ул. Мира, д. 5",
        "Иванова Анна Петровна",
        "+79280000031",
    ):
        assert shown in card.text, card.text


async def test_the_catalogue_s_contract_also_needs_no_account(world: BotWorld) -> None:
    anna = await signed_in_customer(world, phone="+79280000032")
    await anna.client.send("💬 Сообщения")
    await anna.client.expect_message(contains="Сообщения")
    await anna.client.click("🛠 Заказать услугу")
    services = await anna.client.expect_message(contains="Выберите услугу")
    contract = next(b for b in services.button_list if "договор" in b.lower())
    await anna.client.click(contract)
    await anna.client.expect_message(contains="Напишите адрес")
    await anna.client.send("/cancel")
    await anna.client.expect_message()
