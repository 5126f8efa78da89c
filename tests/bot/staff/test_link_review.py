"""Linking by a photo of the meter: the request in the staff group, staff decide, the customer
is told. Through the emulator, as customers and staff do it."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncEngine

from core.enums import LinkStatus
from emulator.kit.clients import UserClient
from emulator.kit.messages import SeenMessage
from tests.bot.kit import BotWorld, bot_world
from tests.bot.linking.test_scene import (
    JPEG,
    NUMBER,
    anonymous_reply,
    ask_for_photo,
    begin_linking,
    forge_click,
    group_anonymous_bot,
    seed_account,
    signed_in_customer,
    staff_answer,
    staff_edit,
)
from tests.core.accounts.seed import ELS


async def send_meter_photo(world: BotWorld, customer: UserClient) -> SeenMessage:
    """The customer's way to a request: number, «Нет ЕЛС», the photo. The card in the group."""
    await ask_for_photo(customer)
    await customer.send_photo(JPEG)
    await customer.expect_message(contains="отправлена сотрудникам")
    photo = await world.emu.staff.expect_message(contains="Фото счётчика к заявке")
    card = await world.emu.staff.expect_message(contains="на привязку лицевого счёта")
    assert "photo" in photo.raw
    assert card.raw["reply_to_message"]["message_id"] == photo.message_id
    return card


async def test_a_photo_request_reaches_staff_and_an_approval_links_the_account(
    linking_world: BotWorld, tmp_path: Path
) -> None:
    world = linking_world
    await seed_account(world)
    customer, user_id = await signed_in_customer(world, phone="+79280000001")
    reviewer = await world.customer(first_name="Ольга")
    await world.emu.staff.add_member(reviewer, "member")

    card = await send_meter_photo(world, customer)

    # Staff see the account whole, and who asks.
    for shown in (NUMBER, "Ессентукский филиал", "д. 128А, кв. 5", "Иванов Иван Александрович"):
        assert shown in card.text
    assert "+79280000001" in card.text
    assert card.button_list == ["Подтвердить", "Отклонить"]
    stored = list((tmp_path / "files" / "photos").rglob("*.jpg"))
    assert [path.read_bytes() for path in stored] == [JPEG]
    listed = await world.cabinet.accounts.list_accounts(user_id)
    assert [(a.number, a.status) for a in listed] == [(NUMBER, LinkStatus.PENDING)]

    await world.emu.staff.click(reviewer, "Подтвердить", message=card)

    told = await customer.expect_message(contains="добавлен в ваш кабинет")
    assert NUMBER in told.text
    decided = await staff_edit(world, "Подтверждено")
    assert "Ольга" in decided.text
    assert decided.button_list == []
    listed = await world.cabinet.accounts.list_accounts(user_id)
    assert [(a.number, a.status) for a in listed] == [(NUMBER, LinkStatus.ACTIVE)]


async def test_a_rejection_asks_for_the_reason_and_the_customer_gets_it(
    linking_world: BotWorld,
) -> None:
    world = linking_world
    await seed_account(world)
    customer, user_id = await signed_in_customer(world)
    reviewer = await world.customer(first_name="Ольга")
    await world.emu.staff.add_member(reviewer, "administrator")
    card = await send_meter_photo(world, customer)

    await world.emu.staff.click(reviewer, "Отклонить", message=card)
    await world.emu.staff.expect_message(contains="напишите причину отказа")
    await world.emu.staff.send(reviewer, "Номер счётчика <не виден> на фото")

    told = await customer.expect_message(contains="отклонили")
    assert "Причина: Номер счётчика &lt;не виден&gt; на фото" not in told.text  # shown as typed
    assert "Причина: Номер счётчика <не виден> на фото" in told.text
    assert "новое фото" in told.text
    decided = await staff_edit(world, "Отклонено")
    assert "Номер счётчика <не виден> на фото" in decided.text
    assert decided.button_list == []
    assert await world.cabinet.accounts.list_accounts(user_id) == []


async def test_staff_may_change_their_mind_about_a_rejection(linking_world: BotWorld) -> None:
    world = linking_world
    await seed_account(world)
    customer, user_id = await signed_in_customer(world)
    reviewer = await world.customer(first_name="Ольга")
    await world.emu.staff.add_member(reviewer, "member")
    card = await send_meter_photo(world, customer)
    await world.emu.staff.click(reviewer, "Отклонить", message=card)
    await world.emu.staff.expect_message(contains="напишите причину отказа")

    await world.emu.staff.click(reviewer, "Не отклонять")
    await staff_edit(world, "остаётся открытой")
    await world.emu.staff.send(reviewer, "это уже не причина, а просто разговор")
    await world.emu.staff.click(reviewer, "Подтвердить", message=card)

    await customer.expect_message(contains="добавлен в ваш кабинет")
    statuses = [a.status for a in await world.cabinet.accounts.list_accounts(user_id)]
    assert statuses == [LinkStatus.ACTIVE]


async def test_people_outside_the_staff_group_cannot_decide(linking_world: BotWorld) -> None:
    world = linking_world
    await seed_account(world)
    customer, user_id = await signed_in_customer(world)
    former = await world.customer(first_name="Бывший")
    await world.emu.staff.add_member(former, "member")
    card = await send_meter_photo(world, customer)
    await world.emu.staff.add_member(former, "left")

    # Telegram still delivers a press from a stale screen; the bot asks Telegram who it is.
    pressed = await forge_click(world, former.id, card, _button_data(card, "Подтвердить"))

    answer = await staff_answer(world, pressed)
    assert answer["show_alert"] is True
    assert "только сотрудники" in answer["text"]
    await customer.expect_no_message()
    statuses = [a.status for a in await world.cabinet.accounts.list_accounts(user_id)]
    assert statuses == [LinkStatus.PENDING]


async def test_anonymous_admins_are_refused(linking_world: BotWorld) -> None:
    world = linking_world
    await seed_account(world)
    customer, user_id = await signed_in_customer(world)
    card = await send_meter_photo(world, customer)

    await world.emu.staff.send_anonymously(
        "коллеги, кто сегодня дежурит?"
    )  # not the bot's business
    await anonymous_reply(world, card, "одобряю")
    refusal = await world.emu.staff.expect_message()
    anonymous = group_anonymous_bot(world)
    pressed = await forge_click(world, anonymous, card, _button_data(card, "Подтвердить"))

    assert "под своим именем" in refusal.text
    assert refusal.raw["reply_to_message"]["text"] == "одобряю"
    await world.emu.staff.expect_no_message()  # nothing said to the colleagues' chat
    answer = await staff_answer(world, pressed)
    assert answer["show_alert"] is True
    assert "только сотрудники" in answer["text"]
    statuses = [a.status for a in await world.cabinet.accounts.list_accounts(user_id)]
    assert statuses == [LinkStatus.PENDING]


async def test_a_customer_cannot_approve_their_own_request_with_a_forged_button(
    linking_world: BotWorld,
) -> None:
    world = linking_world
    await seed_account(world)
    customer, user_id = await signed_in_customer(world)
    card = await send_meter_photo(world, customer)
    in_private = customer.log.messages[-1]

    pressed = await forge_click(world, customer.id, in_private, _button_data(card, "Подтвердить"))

    answer = await customer.expect_callback_answer(pressed)
    assert answer["show_alert"] is True
    assert "только сотрудники" in answer["text"]
    statuses = [a.status for a in await world.cabinet.accounts.list_accounts(user_id)]
    assert statuses == [LinkStatus.PENDING]


async def test_a_forged_photo_button_for_another_account_is_refused(
    linking_world: BotWorld,
) -> None:
    world = linking_world
    await seed_account(world)
    other_account_id = await seed_account(world, "110000999")
    customer, user_id = await signed_in_customer(world)
    await begin_linking(customer)
    await customer.send(NUMBER)
    found = await customer.expect_message(contains=NUMBER)

    pressed = await forge_click(world, customer.id, found, f"linking:photo:{other_account_id}")

    answer = await customer.expect_callback_answer(pressed)
    assert answer["show_alert"] is True
    assert "от прошлого разговора" in answer["text"]
    await customer.expect_no_message()
    assert await world.cabinet.accounts.list_accounts(user_id) == []


async def test_a_second_press_is_harmless(linking_world: BotWorld) -> None:
    world = linking_world
    await seed_account(world)
    customer, user_id = await signed_in_customer(world)
    reviewer = await world.customer(first_name="Ольга")
    colleague = await world.customer(first_name="Пётр")
    await world.emu.staff.add_member(reviewer, "member")
    await world.emu.staff.add_member(colleague, "member")
    card = await send_meter_photo(world, customer)
    data = _button_data(card, "Подтвердить")

    await world.emu.staff.click(reviewer, "Подтвердить", message=card)
    await customer.expect_message(contains="добавлен в ваш кабинет")
    late = await forge_click(world, colleague.id, card, data)  # pressed on a screen not yet updated

    answer = await staff_answer(world, late)
    assert answer["show_alert"] is True
    assert "уже рассмотрена" in answer["text"]
    await customer.expect_no_message()
    statuses = [a.status for a in await world.cabinet.accounts.list_accounts(user_id)]
    assert statuses == [LinkStatus.ACTIVE]


async def test_a_file_that_is_not_an_image_is_refused_politely(
    linking_world: BotWorld, tmp_path: Path
) -> None:
    world = linking_world
    await seed_account(world)
    customer, user_id = await signed_in_customer(world)
    await ask_for_photo(customer)

    # A PDF named like a photo: the content decides.
    await customer.send_document(b"%PDF-1.7\n", file_name="meter.jpg", mime_type="image/jpeg")
    await customer.expect_message(contains="Это не фото")
    assert not (tmp_path / "files" / "photos").exists()
    assert await world.cabinet.accounts.list_accounts(user_id) == []

    await customer.send_document(JPEG, file_name="IMG_0001.JPG", mime_type="image/jpeg")
    await customer.expect_message(contains="отправлена сотрудникам")
    await world.emu.staff.expect_message(contains="Фото счётчика к заявке")


async def test_without_a_staff_group_the_photo_way_says_it_is_closed_for_now(
    sqlite_engine: AsyncEngine, tmp_path: Path
) -> None:
    async with bot_world(sqlite_engine, files_dir=str(tmp_path), staff_chat_id=None) as world:
        await seed_account(world)
        customer, _ = await signed_in_customer(world)
        await begin_linking(customer)
        await customer.send(NUMBER)
        await customer.expect_message(contains=NUMBER)

        await customer.click("Нет ЕЛС — отправлю фото счётчика")

        answer = await customer.expect_callback_answer()
        assert "по фото сейчас нельзя" in answer["text"]
        await customer.send(ELS)  # the ЕЛС is still asked for
        await customer.expect_message(contains="добавлен")


def _button_data(message: SeenMessage, label: str) -> str:
    button = message.inline_button(label)
    assert button is not None
    return str(button["callback_data"])


async def test_pressing_reject_twice_asks_for_the_reason_once(linking_world: BotWorld) -> None:
    world = linking_world
    await seed_account(world)
    customer, _ = await signed_in_customer(world)
    reviewer = await world.customer(first_name="Ольга")
    await world.emu.staff.add_member(reviewer, "member")
    card = await send_meter_photo(world, customer)

    await world.emu.staff.click(reviewer, "Отклонить", message=card)
    await world.emu.staff.expect_message(contains="напишите причину отказа")
    again = await world.emu.staff.click(reviewer, "Отклонить", message=card)

    assert "причину" in (await staff_answer(world, again))["text"]
    await world.emu.staff.expect_no_message()
    await world.emu.staff.send(reviewer, "/cancel")
    await staff_edit(world, "остаётся открытой")
    await world.emu.staff.send(reviewer, "просто сообщение коллегам")
    await customer.expect_no_message()


async def test_the_customer_hears_the_outcome_in_their_language(linking_world: BotWorld) -> None:
    world = linking_world
    await seed_account(world)
    customer, _ = await signed_in_customer(world, language_code="en")
    reviewer = await world.customer(first_name="Ольга")
    await world.emu.staff.add_member(reviewer, "member")
    await begin_linking(customer, locale="en")
    await customer.send(NUMBER)
    await customer.expect_message(contains="Found account")
    await customer.click("No ЕЛС — I will send a photo of the meter")
    await customer.expect_message(contains="Take a photo of the meter")
    await customer.send_photo(JPEG)
    await customer.expect_message(contains="has gone to our staff")
    await world.emu.staff.expect_message(contains="Фото счётчика")
    card = await world.emu.staff.expect_message(contains="на привязку")  # staff read Russian

    await world.emu.staff.click(reviewer, "Подтвердить", message=card)

    await customer.expect_message(contains="is now in your cabinet")


async def test_requests_go_to_one_topic_of_their_own_kept_across_a_restart(
    world: BotWorld,
) -> None:
    await seed_account(world)
    first, _ = await signed_in_customer(world, phone="+79280000001")
    card = await send_meter_photo(world, first)
    topics = [t for t in await world.emu.staff.topics() if "Заявки на подключение" in t["name"]]
    assert len(topics) == 1
    assert card.thread_id == topics[0]["message_thread_id"]

    await world.restart()
    second, _ = await signed_in_customer(world, phone="+79280000002")
    again = await send_meter_photo(world, second)
    assert again.thread_id == card.thread_id
    names = [t["name"] for t in await world.emu.staff.topics()]
    assert sum("Заявки на подключение" in name for name in names) == 1
