"""The «service request changed» notification as the customer reads it: the service by its name,
the status in words, the visit date as dates are shown in the chat, the reason escaped."""

from __future__ import annotations

from tests.bot.kit import BotWorld
from tests.bot.services.test_services import order
from tests.bot.support.test_scene import customer_with_account, staff_member


async def test_the_customer_sees_the_service_by_its_name(support_world: BotWorld) -> None:
    world = support_world
    anna = await customer_with_account(world, "+79280000031", "Анна", "110000031")
    olga = await staff_member(world)
    card = await order(world, anna.client, "Замена прибора учёта", None)

    await world.emu.staff.click(olga, "Принять", message=card)
    told = await anna.client.expect_message(contains="Заявка №")
    assert "«Замена прибора учёта»" in told.text and "принята в работу" in told.text
    assert "replace_meter" not in told.text


async def test_a_refusal_shows_the_name_and_the_reason_as_typed(support_world: BotWorld) -> None:
    world = support_world
    anna = await customer_with_account(world, "+79280000032", "Анна", "110000032")
    olga = await staff_member(world)
    card = await order(world, anna.client, "Вызов контролёра", None)

    await world.emu.staff.click(olga, "Отказать", message=card)
    await world.emu.staff.expect_message(contains="причину отказа", thread_id=card.thread_id)
    await world.emu.staff.send(olga, "Нет доступа <к щиту> & к подъезду", thread_id=card.thread_id)
    told = await anna.client.expect_message(contains="Заявка №")
    assert "«Вызов контролёра»" in told.text and "отклонена" in told.text
    assert "Нет доступа <к щиту> & к подъезду" in told.text  # shown as typed, not as markup
    assert "inspector" not in told.text
