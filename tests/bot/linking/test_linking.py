"""«Добавить лицевой счёт» by the ЕЛС ГИС ЖКХ, through the emulator, as a customer does it."""

from __future__ import annotations

from datetime import timedelta

from core.enums import LinkStatus
from tests.bot.kit import BotWorld
from tests.bot.linking.test_scene import (
    JPEG,
    NUMBER,
    ask_for_photo,
    begin_linking,
    forge_click,
    seed_account,
    signed_in_customer,
)
from tests.core.accounts.seed import ELS


async def test_an_account_is_linked_at_once_by_its_els(linking_world: BotWorld) -> None:
    world = linking_world
    await seed_account(world)
    customer, user_id = await signed_in_customer(world)

    await begin_linking(customer)
    await customer.send(NUMBER)
    found = await customer.expect_message(contains=NUMBER)
    await customer.send("77mh 000000")  # Latin look-alikes and a space, as people type it
    linked = await customer.expect_message(contains="добавлен")

    assert "Ессентукский филиал" in found.text
    assert "кв. **" in found.text  # a stranger's view until the account is theirs
    assert "dom.gosuslugi.ru" in found.text
    assert found.button_list == ["Нет ЕЛС — отправлю фото счётчика"]
    assert "д. 128А, кв. 5" in linked.text  # now the whole address
    listed = await world.cabinet.accounts.list_accounts(user_id)
    assert [(a.number, a.status) for a in listed] == [(NUMBER, LinkStatus.ACTIVE)]


async def test_a_second_account_joins_the_first(linking_world: BotWorld) -> None:
    world = linking_world
    await seed_account(world, NUMBER)
    await seed_account(world, "110000456")
    customer, user_id = await signed_in_customer(world)
    await begin_linking(customer)
    await customer.send(NUMBER)
    await customer.expect_message(contains=NUMBER)
    await customer.send(ELS)
    await customer.expect_message(contains="добавлен")

    await customer.click("Добавить ещё один счёт")
    await customer.expect_message(contains="номер лицевого счёта")
    await customer.send("110 000 456")
    await customer.expect_message(contains="110000456")
    await customer.send(ELS)
    await customer.expect_message(contains="добавлен")

    listed = await world.cabinet.accounts.list_accounts(user_id)
    assert [a.number for a in listed] == [NUMBER, "110000456"]


async def test_a_wrong_number_is_explained_and_the_next_try_goes_on(
    linking_world: BotWorld,
) -> None:
    world = linking_world
    await seed_account(world)
    customer, _ = await signed_in_customer(world)
    await begin_linking(customer)

    await customer.send("999999999")
    missing = await customer.expect_message()
    await customer.send(NUMBER)

    assert "«999999999» не найден" in missing.text
    assert "квитанции" in missing.text
    await customer.expect_message(contains="ЕЛС")


async def test_a_wrong_els_says_how_many_tries_are_left(linking_world: BotWorld) -> None:
    world = linking_world
    await seed_account(world)
    customer, user_id = await signed_in_customer(world)
    await begin_linking(customer)
    await customer.send(NUMBER)
    await customer.expect_message(contains=NUMBER)

    await customer.send("77МН999999")
    wrong = await customer.expect_message()

    assert "ЕЛС не подходит" in wrong.text
    assert "Осталось попыток в этот час: 4" in wrong.text
    assert wrong.button_list == ["Нет ЕЛС — отправлю фото счётчика"]
    await customer.send(ELS)  # still asked for: the right one now links
    await customer.expect_message(contains="добавлен")
    assert [a.status for a in await world.cabinet.accounts.list_accounts(user_id)] == [
        LinkStatus.ACTIVE
    ]


async def test_too_many_wrong_els_say_until_when_and_leave_the_photo_open(
    linking_world: BotWorld,
) -> None:
    world = linking_world
    await seed_account(world)
    customer, user_id = await signed_in_customer(world)
    await begin_linking(customer)
    await customer.send(NUMBER)
    await customer.expect_message(contains=NUMBER)
    for left in (4, 3, 2, 1, 0):
        await customer.send("77МН999999")
        await customer.expect_message(contains=f"Осталось попыток в этот час: {left}")
        world.clock.advance(timedelta(minutes=1))

    await customer.send(ELS)  # even the right one now waits
    blocked = await customer.expect_message()

    # The first miss was at 12:30 Moscow time; an hour later one try is free again.
    assert "Слишком много неверных попыток" in blocked.text
    assert "после 18.11.2026 13:30" in blocked.text
    assert blocked.button_list == ["Нет ЕЛС — отправлю фото счётчика"]
    assert await world.cabinet.accounts.list_accounts(user_id) == []


async def test_an_account_already_linked_is_not_linked_twice(linking_world: BotWorld) -> None:
    world = linking_world
    await seed_account(world)
    customer, user_id = await signed_in_customer(world)
    await begin_linking(customer)
    await customer.send(NUMBER)
    await customer.expect_message(contains=NUMBER)
    await customer.send(ELS)
    await customer.expect_message(contains="добавлен")

    await customer.click("Добавить ещё один счёт")
    await customer.expect_message(contains="номер лицевого счёта")
    await customer.send(NUMBER)

    await customer.expect_message(contains=f"Лицевой счёт {NUMBER} уже есть в вашем кабинете")
    await customer.send(ELS)  # the dialog is over: this is no longer taken as a ЕЛС
    await customer.expect_message(contains="Выберите раздел в меню")
    assert len(await world.cabinet.accounts.list_accounts(user_id)) == 1


async def test_a_request_under_review_is_not_asked_again(linking_world: BotWorld) -> None:
    world = linking_world
    await seed_account(world)
    customer, user_id = await signed_in_customer(world)
    await world.cabinet.accounts.request_link_by_photo(user_id, NUMBER, "photos/meter.jpg")
    await begin_linking(customer)

    await customer.send(NUMBER)

    await customer.expect_message(contains=f"Заявка на лицевой счёт {NUMBER} уже у сотрудников")


async def test_the_dialog_goes_on_after_a_restart(linking_world: BotWorld) -> None:
    world = linking_world
    await seed_account(world)
    customer, user_id = await signed_in_customer(world)
    await begin_linking(customer)
    await customer.send(NUMBER)
    await customer.expect_message(contains=NUMBER)

    await world.restart()
    await customer.send(ELS)

    await customer.expect_message(contains="добавлен")
    assert len(await world.cabinet.accounts.list_accounts(user_id)) == 1


async def test_each_step_says_what_it_expects(linking_world: BotWorld) -> None:
    world = linking_world
    await seed_account(world)
    customer, _ = await signed_in_customer(world)
    await begin_linking(customer)

    await customer.send_photo(JPEG)
    await customer.expect_message(contains="Жду номер лицевого счёта")
    await customer.send(NUMBER)
    await customer.expect_message(contains=NUMBER)
    await customer.send_document(b"%PDF-1.7", file_name="bill.pdf", mime_type="application/pdf")
    await customer.expect_message(contains="Жду ЕЛС ГИС ЖКХ текстом")
    await customer.click("Нет ЕЛС — отправлю фото счётчика")
    await customer.expect_message(contains="Сфотографируйте счётчик")
    await customer.send("вот он")
    await customer.expect_message(contains="Жду фото счётчика")


async def test_cancel_leaves_the_dialog(linking_world: BotWorld) -> None:
    world = linking_world
    await seed_account(world)
    customer, user_id = await signed_in_customer(world)
    await begin_linking(customer)
    await customer.send(NUMBER)
    await customer.expect_message(contains=NUMBER)

    await customer.send("/cancel")
    await customer.expect_message()
    await customer.send(ELS)

    await customer.expect_message(contains="Выберите раздел в меню")
    assert await world.cabinet.accounts.list_accounts(user_id) == []


async def test_english_speakers_are_answered_in_english(linking_world: BotWorld) -> None:
    world = linking_world
    await seed_account(world)
    customer, _ = await signed_in_customer(world, language_code="en")
    await begin_linking(customer, locale="en")

    await customer.send(NUMBER)
    found = await customer.expect_message(contains="Found account")
    await customer.send("77МН999999")

    assert found.button_list == ["No ЕЛС — I will send a photo of the meter"]
    await customer.expect_message(contains="Attempts left this hour: 4")


async def test_someone_not_signed_in_is_asked_to_sign_in_first(linking_world: BotWorld) -> None:
    world = linking_world
    stranger = await world.customer()
    await stranger.send("привет")
    hint = await stranger.expect_message()

    # «Добавить лицевой счёт» kept from before a sign-out.
    await forge_click(world, stranger.id, hint, "link:start")

    await stranger.expect_message(contains="доступен после входа в личный кабинет")


async def test_a_photo_file_over_ten_megabytes_is_refused_and_another_may_follow(
    linking_world: BotWorld,
) -> None:
    world = linking_world
    await seed_account(world)
    customer, user_id = await signed_in_customer(world)
    await ask_for_photo(customer)

    huge = JPEG + b"\x00" * (10 * 1024 * 1024)
    await customer.send_document(huge, file_name="IMG_0002.JPG", mime_type="image/jpeg")

    await customer.expect_message(contains="Файл больше 10 МБ")
    assert await world.cabinet.accounts.list_accounts(user_id) == []
    await customer.send_photo(JPEG)
    await customer.expect_message(contains="отправлена сотрудникам")
