"""«Заказать услугу» end to end: the order, its card in the customer's topic, staff moving it
through its statuses with the buttons, and the customer told of each change."""

from __future__ import annotations

from bot.handlers.services.keyboards import ServiceAccount
from core.enums import ServiceRequestStatus
from emulator.kit.clients import UserClient
from emulator.kit.messages import SeenMessage
from tests.bot.kit import BotWorld
from tests.bot.linking.test_scene import staff_answer, staff_edit
from tests.bot.signed_in import linked_account, press_crafted
from tests.bot.support.test_scene import customer_with_account, staff_member
from tests.core.accounts.seed import Seed


async def order(
    world: BotWorld, client: UserClient, service: str, comment: str | None
) -> SeenMessage:
    """Orders `service` for the only account on the first offered day; the card in the group."""
    await client.send("💬 Сообщения")
    await client.expect_message(contains="Сообщения")
    await client.click("🛠 Заказать услугу")
    await client.expect_message(contains="Выберите услугу")
    await client.click(service)
    await client.expect_message(contains="Когда вам удобно")
    await client.click("19.11.2026")
    await client.expect_message(contains="комментарий")
    if comment is None:
        await client.click("Без комментария")
    else:
        await client.send(comment)
    summary = await client.expect_message(contains="Проверьте заявку")
    assert service in summary.text
    await client.click("✅ Отправить заявку")
    await client.expect_message(contains="принята")
    while True:  # a new topic opens with the customer's card first
        posted = await world.emu.staff.expect_message()
        if "Заявка №" in posted.text:
            return posted


async def test_a_request_through_accepted_scheduled_done(support_world: BotWorld) -> None:
    world = support_world
    anna = await customer_with_account(world, "+79280000011", "Анна", "110000011")
    olga = await staff_member(world)

    card = await order(world, anna.client, "Замена прибора учёта", "после обеда")
    assert "110000011" in card.text and "после обеда" in card.text and "19.11.2026" in card.text
    assert card.button_list == ["Принять", "Отказать"]
    topic = card.thread_id
    [opened] = await world.emu.staff.topics()
    assert opened["message_thread_id"] == topic  # the customer's own topic

    await world.emu.staff.click(olga, "Принять", message=card)
    told = await anna.client.expect_message(contains="принята в работу")
    assert "Заявка №" in told.text
    accepted = await staff_edit(world, "Статус: принята")
    assert accepted.button_list == ["Назначить дату", "Отказать"]

    await world.emu.staff.click(olga, "Назначить дату", message=accepted)
    await world.emu.staff.expect_message(contains="дату визита", thread_id=topic)
    await world.emu.staff.send(olga, "31.02.2026", thread_id=topic)
    await world.emu.staff.expect_message(contains="Не понял дату", thread_id=topic)
    await world.emu.staff.send(olga, "25.11.2026", thread_id=topic)
    told = await anna.client.expect_message(contains="25.11.2026")
    scheduled = await staff_edit(world, "Дата визита: 25.11.2026")
    assert scheduled.button_list == ["Выполнено", "Назначить дату", "Отказать"]

    await world.emu.staff.click(olga, "Выполнено", message=scheduled)
    await anna.client.expect_message(contains="Заявка №")
    await staff_edit(world, "Статус: выполнена")
    [request] = [await world.cabinet.service_requests.get(1)]
    assert request.status is ServiceRequestStatus.DONE
    # Nothing of this went to the customer as a support answer, and nothing else came.
    await anna.client.expect_no_message()


async def test_a_refusal_asks_for_the_reason_which_the_customer_gets(
    support_world: BotWorld,
) -> None:
    world = support_world
    anna = await customer_with_account(world, "+79280000012", "Анна", "110000012")
    olga = await staff_member(world)
    card = await order(world, anna.client, "Опломбировка прибора учёта", None)

    await world.emu.staff.click(olga, "Отказать", message=card)
    await world.emu.staff.expect_message(contains="причину отказа", thread_id=card.thread_id)
    await world.emu.staff.send(olga, "Нет доступа в подъезд", thread_id=card.thread_id)
    told = await anna.client.expect_message(contains="Нет доступа в подъезд")
    assert "Заявка №" in told.text
    refused = await staff_edit(world, "Причина отказа: Нет доступа в подъезд")
    assert refused.button_list == []
    # The reason was not taken for an answer to the customer as well.
    await anna.client.expect_no_message()


async def test_only_staff_on_the_right_card_move_a_request(support_world: BotWorld) -> None:
    world = support_world
    anna = await customer_with_account(world, "+79280000013", "Анна", "110000013")
    boris = await customer_with_account(world, "+79280000014", "Борис", "110000014")
    olga = await staff_member(world)
    card = await order(world, anna.client, "Вызов контролёра", None)
    boris_card = await order(world, boris.client, "Поверка прибора учёта", None)
    stranger = await staff_member(world, "Пётр")
    world.settings.staff_user_ids = frozenset({olga.id})

    query = await world.emu.staff.click(stranger, "Принять", message=card)
    assert (await staff_answer(world, query))["show_alert"]
    await world.emu.staff.send_anonymously("/close", thread_id=card.thread_id)
    await world.emu.staff.expect_message(contains="анонимный", thread_id=card.thread_id)

    # A press on Boris's card carrying Anna's request: refused.
    accept_anna = card.inline_button("Принять")
    assert accept_anna is not None
    query = await press_crafted(olga, boris_card, accept_anna["callback_data"])
    answer = await staff_answer(world, query)
    assert answer["show_alert"] and "не относится" in answer["text"]
    # The customer presses the staff's button in their own chat: refused.
    await anna.client.click_crafted(accept_anna["callback_data"])
    assert (await anna.client.expect_callback_answer())["show_alert"]

    await anna.client.expect_no_message()
    for request_id in (1, 2):
        request = await world.cabinet.service_requests.get(request_id)
        assert request.status is ServiceRequestStatus.NEW


async def test_bad_date_and_long_comment_are_explained(support_world: BotWorld) -> None:
    world = support_world
    anna = await customer_with_account(world, "+79280000015", "Анна", "110000015")
    client = anna.client
    await client.send("💬 Сообщения")
    await client.expect_message(contains="Сообщения")
    await client.click("🛠 Заказать услугу")
    await client.expect_message(contains="Выберите услугу")
    await client.send("хочу контролёра")
    await client.expect_message(contains="кнопкой")
    await client.click("Вызов контролёра")
    await client.expect_message(contains="Когда вам удобно")
    await client.send("когда-нибудь")
    await client.expect_message(contains="Не понял дату")
    await client.send("01.01.2026")
    await client.expect_message(contains="Выберите дату с 18.11.2026")
    await client.send("30.11.2026")
    await client.expect_message(contains="комментарий")
    await client.send("я" * 1001)
    await client.expect_message(contains="не больше 1000")
    await client.send("домофон 5")
    summary = await client.expect_message(contains="Проверьте заявку")
    assert "30.11.2026" in summary.text and "домофон 5" in summary.text
    await client.click("Отменить")
    await client.expect_message(contains="отменена")
    await world.emu.staff.expect_no_message()


async def test_with_two_accounts_the_account_is_asked_and_only_ones_own(
    support_world: BotWorld,
) -> None:
    world = support_world
    anna = await customer_with_account(world, "+79280000016", "Анна", "110000016")
    await linked_account(world, Seed(world.cabinet.uow_factory), anna.user.id, "110000017")
    boris = await customer_with_account(world, "+79280000018", "Борис", "110000018")
    [boris_account] = await world.cabinet.accounts.list_accounts(boris.user.id)
    client = anna.client
    await client.send("💬 Сообщения")
    await client.expect_message(contains="Сообщения")
    await client.click("🛠 Заказать услугу")
    await client.expect_message(contains="Выберите услугу")
    await client.click("Заключение договора")
    choice = await client.expect_message(contains="По какому лицевому счёту")
    assert choice.button_list == ["Лицевой счёт № 110000016", "Лицевой счёт № 110000017"]

    await press_crafted(client, choice, ServiceAccount(account_id=boris_account.account_id).pack())
    assert (await client.expect_callback_answer())["show_alert"]
    await client.click("Лицевой счёт № 110000017", message=choice)
    await client.expect_message(contains="Когда вам удобно")
    await client.click("Любой день")
    await client.expect_message(contains="комментарий")
    await client.click("Без комментария")
    summary = await client.expect_message(contains="Проверьте заявку")
    assert "110000017" in summary.text and "любой день" in summary.text


async def test_the_cards_replace_meter_fills_in_the_account_and_the_meter(
    support_world: BotWorld, seed: Seed
) -> None:
    world = support_world
    anna = await customer_with_account(world, "+79280000021", "Анна", "110000021")
    second = await linked_account(world, seed, anna.user.id, "110000022")
    await seed.meter(second, serial="33330001")
    await seed.meter(second, serial="33330002")

    await anna.client.send("🏠 Главная")
    await anna.client.expect_message(contains="№ 110000021")
    card = await anna.client.expect_message(contains="№ 110000022")
    await anna.client.click("🔧 Заменить счётчик", message=card)
    which = await anna.client.expect_message(contains="Какой счётчик заменить?")
    assert [b.split(" (")[0] for b in which.button_list] == [
        "Счётчик № 33330001",
        "Счётчик № 33330002",
    ]
    await anna.client.click(which.button_list[1])
    await anna.client.expect_message(contains="Когда вам удобно")
    await anna.client.click("Любой день")
    await anna.client.expect_message(contains="комментарий")
    await anna.client.click("Без комментария")
    summary = await anna.client.expect_message(contains="Проверьте заявку")
    assert "Замена прибора учёта" in summary.text
    assert "110000022\nСчётчик № 33330002" in summary.text
    await anna.client.click("✅ Отправить заявку")
    await anna.client.expect_message(contains="принята")
    while "Заявка №" not in (posted := await world.emu.staff.expect_message()).text:
        pass
    assert "Лицевой счёт № 110000022" in posted.text and "Счётчик № 33330002" in posted.text


async def test_the_cards_order_skips_the_choice_of_account(
    support_world: BotWorld, seed: Seed
) -> None:
    world = support_world
    anna = await customer_with_account(world, "+79280000023", "Анна", "110000023")
    await linked_account(world, seed, anna.user.id, "110000024")
    await anna.client.send("🏠 Главная")
    card = await anna.client.expect_message(contains="№ 110000023")
    await anna.client.expect_message(contains="№ 110000024")
    await anna.client.click("🛠 Заказать услугу", message=card)
    await anna.client.expect_message(contains="Выберите услугу")
    await anna.client.click("Опломбировка прибора учёта")
    await anna.client.expect_message(contains="Когда вам удобно")  # no «Выберите лицевой счёт»
    await anna.client.click("Любой день")
    await anna.client.expect_message(contains="комментарий")
    await anna.client.click("Без комментария")
    summary = await anna.client.expect_message(contains="Проверьте заявку")
    assert "Лицевой счёт № 110000023" in summary.text
