"""Readings by any account number, without linking it («Передать по другому лицевому счёту»),
from an account's card, and buttons that name what is not the presser's."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from bot.handlers.readings.keyboards import MeterChoice
from core.enums import ReadingStatus
from tests.bot.kit import BotWorld
from tests.bot.readings_scene import meter_with_history
from tests.bot.signed_in import linked_account, press_crafted, signed_in_customer
from tests.core.accounts.seed import Seed


async def test_readings_by_another_account_number_show_only_masked_data(
    world: BotWorld, seed: Seed
) -> None:
    anna = await signed_in_customer(world)
    neighbour = await seed.account(number="220000001", holder_name="Петров Пётр Петрович")
    meter = await meter_with_history(seed, neighbour.id, "99887766", {"T": ("500", "700")})

    await anna.client.send("📟 Передать показания")
    offer = await anna.client.expect_message(contains="не привязан ни один лицевой счёт")
    assert offer.button_list == ["🔢 Передать по другому лицевому счёту"]
    await anna.client.click("🔢 Передать по другому лицевому счёту")
    await anna.client.expect_message(contains="Введите номер лицевого счёта")
    await anna.client.send("999999999")
    await anna.client.expect_message(contains="не найден")
    await anna.client.send("220 000 001")

    found = await anna.client.expect_message(contains="Лицевой счёт № 220000001")
    assert "Петров Пётр Петрович" not in found.text and "Терская, д. 128А, кв. 5" not in found.text
    prompt = await anna.client.expect_message(contains="Счётчик № ••••7766")
    assert "99887766" not in prompt.text
    await anna.client.send("750")
    await anna.client.expect_message(contains="Проверьте показания")
    await anna.client.click("✅ Отправить")
    await anna.client.expect_message(contains="Показания приняты")

    newest = (await world.cabinet.history.readings(neighbour.id, meter_id=meter)).items[0]
    assert (newest.status, newest.value) == (ReadingStatus.ACCEPTED, Decimal(750))
    assert await world.cabinet.accounts.list_accounts(anna.user.id) == []  # nothing was linked


async def test_account_lookups_are_limited_per_user(world: BotWorld, seed: Seed) -> None:
    anna = await signed_in_customer(world)
    await anna.client.send("📟 Передать показания")
    await anna.client.click("🔢 Передать по другому лицевому счёту")
    await anna.client.expect_message(contains="не привязан")
    await anna.client.expect_message(contains="Введите номер лицевого счёта")
    for attempt in range(10):
        await anna.client.send(f"99999999{attempt}")
        await anna.client.expect_message(contains="не найден")
    await anna.client.send("999999990")
    refusal = await anna.client.expect_message(contains="Слишком много поисков")
    assert "18.11.2026 13:30" in refusal.text  # an hour after the first, in Moscow time

    world.clock.advance(timedelta(hours=1, minutes=1))
    await anna.client.send("📟 Передать показания")
    await anna.client.click("🔢 Передать по другому лицевому счёту")
    await anna.client.expect_message(contains="не привязан")
    await anna.client.expect_message(contains="Введите номер лицевого счёта")
    await anna.client.send("999999990")
    await anna.client.expect_message(contains="не найден")


async def test_the_card_button_opens_the_dialog_for_that_account(
    world: BotWorld, seed: Seed
) -> None:
    anna = await signed_in_customer(world)
    await linked_account(world, seed, anna.user.id, "110000001")
    second = await linked_account(world, seed, anna.user.id, "110000002")
    await meter_with_history(seed, second, "55501234", {"T": ("100", "200")})
    await anna.client.send("🏠 Главная")
    await anna.client.expect_message(contains="№ 110000001")
    card = await anna.client.expect_message(contains="№ 110000002")
    await anna.client.click("📟 Передать показания", message=card)
    await anna.client.expect_message(contains="Счётчик № 55501234")
    await anna.client.click("📜 История", message=card)
    await anna.client.expect_message(contains="История по лицевому счёту № 110000002")


async def test_a_crafted_meter_of_someone_elses_account_is_refused(
    world: BotWorld, seed: Seed
) -> None:
    anna = await signed_in_customer(world)
    own = await linked_account(world, seed, anna.user.id, "110000001")
    await meter_with_history(seed, own, "11110000", {"T": ("100", "200")})
    await meter_with_history(seed, own, "11110001", {"T": ("100", "200")})
    stranger = await seed.account(number="330000001")
    foreign = await meter_with_history(seed, stranger.id, "66660000", {"T": ("100", "200")})

    await anna.client.send("📟 Передать показания")
    choice = await anna.client.expect_message(contains="Выберите прибор учёта")
    await press_crafted(anna.client, choice, MeterChoice(meter_id=foreign).pack())
    answer = await anna.client.expect_callback_answer()
    assert answer["show_alert"] is True and "не подключён к вашему кабинету" in answer["text"]
    await anna.client.expect_no_message()


async def test_with_one_account_a_relative_s_readings_are_one_press_away(
    world: BotWorld, seed: Seed
) -> None:
    anna = await signed_in_customer(world)
    own = await linked_account(world, seed, anna.user.id, "110000001")
    await meter_with_history(seed, own, "11110000", {"T": ("100", "200")})
    mother = await seed.account(number="220000002", holder_name="Петрова Мария Ивановна")
    await meter_with_history(seed, mother.id, "99880002", {"T": ("500", "700")})

    await anna.client.send("📟 Передать показания")  # one account, one meter: straight to it
    prompt = await anna.client.expect_message(contains="Счётчик № 11110000")
    assert prompt.button_list == ["🔢 Передать по другому лицевому счёту"]
    await anna.client.click("🔢 Передать по другому лицевому счёту", message=prompt)
    await anna.client.expect_message(contains="Введите номер лицевого счёта")
    await anna.client.send("220000002")
    await anna.client.expect_message(contains="Лицевой счёт № 220000002")
    theirs = await anna.client.expect_message(contains="Счётчик № ••••0002")
    assert theirs.button_list == []  # another's account: no way further out from here
    await anna.client.send("750")
    await anna.client.expect_message(contains="Проверьте показания")
    await anna.client.click("✅ Отправить")
    await anna.client.expect_message(contains="Показания приняты")
    readings = (await world.cabinet.history.readings(mother.id)).items
    assert readings[0].value == Decimal(750)
