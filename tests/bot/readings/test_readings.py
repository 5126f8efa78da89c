"""«Передать показания» through the emulator: single-, two- and three-zone meters, the account
and meter choices, and what people type."""

from __future__ import annotations

from decimal import Decimal

from core.enums import ReadingSource, ReadingStatus
from tests.bot.kit import BotWorld
from tests.bot.readings_scene import NBSP, TARIFF, meter_with_history
from tests.bot.signed_in import linked_account, signed_in_customer
from tests.core.accounts.seed import Seed


async def test_single_zone_meter_from_menu_to_accepted(world: BotWorld, seed: Seed) -> None:
    anna = await signed_in_customer(world)
    account = await linked_account(world, seed, anna.user.id, "110000001")
    meter = await meter_with_history(seed, account, "67005887", {"T": ("12000", "12345")})
    await seed.charge(account, "2026-10", 100_00, tariff_rub=TARIFF)

    await anna.client.send("📟 Передать показания")
    prompt = await anna.client.expect_message(contains="Счётчик № 67005887")
    assert f"Последние принятые показания: 12{NBSP}345 кВт·ч от 20.10.2026" in prompt.text
    await anna.client.send("12 500")

    summary = await anna.client.expect_message(contains="Проверьте показания")
    assert f"было 12{NBSP}345 (20.10.2026) → стало 12{NBSP}500, расход 155 кВт·ч" in summary.text
    assert f"≈ 1{NBSP}002,85 ₽" in summary.text  # 155 kWh × 6,47 ₽
    assert summary.button_list == ["✅ Отправить", "✏️ Исправить", "📷 Прикрепить фото"]
    await anna.client.click("✅ Отправить")

    done = await anna.client.expect_message(contains="Показания приняты")
    assert f"12{NBSP}500 кВт·ч" in done.text and "ноябрь 2026" in done.text
    assert "📟 Передать показания" in anna.client.reply_keyboard
    page = await world.cabinet.history.readings(account, meter_id=meter)
    newest = page.items[0]
    assert (newest.value, newest.status, newest.source) == (
        Decimal("12500"),
        ReadingStatus.ACCEPTED,
        ReadingSource.BOT,
    )
    assert page.total == 3


async def test_two_accounts_two_zone_meter_takes_what_people_type(
    world: BotWorld, seed: Seed
) -> None:
    anna = await signed_in_customer(world)
    await linked_account(world, seed, anna.user.id, "110000001")
    second = await linked_account(world, seed, anna.user.id, "110000002")
    await meter_with_history(
        seed, second, "55501234", {"T1": ("8000", "8200"), "T2": ("3000", "3100")}, decimals=1
    )

    await anna.client.send("📟 Передать показания")
    choice = await anna.client.expect_message(contains="Выберите лицевой счёт")
    assert choice.button_list == [
        "Лицевой счёт № 110000001",
        "Лицевой счёт № 110000002",
        "🔢 Передать по другому лицевому счёту",
    ]
    await anna.client.click("Лицевой счёт № 110000002")
    day = await anna.client.expect_message(contains="Зона День (1 из 2)")
    assert f"8{NBSP}200 кВт·ч от 20.10.2026" in day.text
    await anna.client.send("8350,5")
    night = await anna.client.expect_message(contains="Зона Ночь (2 из 2)")
    assert f"3{NBSP}100 кВт·ч" in night.text
    await anna.client.send("3160.5 кВт*ч")

    summary = await anna.client.expect_message(contains="Проверьте показания")
    assert "<b>День</b>" not in summary.text  # markup is rendered, not shown
    assert f"День: было 8{NBSP}200 (20.10.2026) → стало 8{NBSP}350,5, расход 150,5" in summary.text
    assert f"Ночь: было 3{NBSP}100 (20.10.2026) → стало 3{NBSP}160,5, расход 60,5" in summary.text
    await anna.client.click("✅ Отправить")
    await anna.client.expect_message(contains="Показания приняты")

    rows = (await world.cabinet.history.readings(second)).items
    assert {(row.zone, row.value) for row in rows[:2]} == {
        ("T1", Decimal("8350.5")),
        ("T2", Decimal("3160.5")),
    }


async def test_three_zone_meter_chosen_among_two(world: BotWorld, seed: Seed) -> None:
    anna = await signed_in_customer(world)
    account = await linked_account(world, seed, anna.user.id, "110000001")
    await meter_with_history(seed, account, "11110000", {"T": ("500", "600")})
    three = await meter_with_history(
        seed,
        account,
        "22220000",
        {"T1": ("1000", "1100"), "T2": ("2000", "2100"), "T3": ("3000", "3100")},
    )

    await anna.client.send("📟 Передать показания")
    await anna.client.expect_message(contains="Выберите прибор учёта")
    await anna.client.click("Счётчик № 22220000 (Меркурий 201)")
    for zone, value in (
        ("Пик (1 из 3)", "1150"),
        ("Полупик (2 из 3)", "2150"),
        ("Ночь (3 из 3)", "3150"),
    ):
        await anna.client.expect_message(contains=f"Зона {zone}")
        await anna.client.send(value)
    summary = await anna.client.expect_message(contains="Проверьте показания")
    for name in ("Пик: было", "Полупик: было", "Ночь: было"):
        assert name in summary.text
    await anna.client.click("✅ Отправить")
    done = await anna.client.expect_message(contains="Показания приняты")
    assert "Пик: 1" in done.text and "Ночь: 3" in done.text
    assert (await world.cabinet.history.readings(account, meter_id=three)).total == 9


async def test_what_is_not_a_reading_is_refused_with_an_example(
    world: BotWorld, seed: Seed
) -> None:
    anna = await signed_in_customer(world)
    account = await linked_account(world, seed, anna.user.id, "110000001")
    await meter_with_history(seed, account, "67005887", {"T": ("12000", "12345")})

    await anna.client.send("📟 Передать показания")
    await anna.client.expect_message(contains="Счётчик № 67005887")
    for wrong in ("двенадцать тысяч", "12-345", "12345 рублей"):
        await anna.client.send(wrong)
        refusal = await anna.client.expect_message(contains="не похоже на показания")
        assert "12345,6" in refusal.text
    await anna.client.share_contact(phone="+79280000000")
    await anna.client.expect_message(contains="Жду показания счётчика цифрами")
    await anna.client.send("12 400")
    await anna.client.expect_message(contains="Проверьте показания")
    await anna.client.send("12 401")
    await anna.client.expect_message(contains="Проверьте сводку выше")
    await anna.client.send("/cancel")
    await anna.client.expect_message(contains="Действие отменено")
    assert (await world.cabinet.history.readings(account)).total == 2  # nothing was sent


async def test_a_value_in_digits_of_another_script_is_refused_with_the_example(
    world: BotWorld, seed: Seed
) -> None:
    anna = await signed_in_customer(world)
    account = await linked_account(world, seed, anna.user.id, "110000001")
    await meter_with_history(seed, account, "67005887", {"T": ("1000", "1200")})
    await anna.client.send("📟 Передать показания")
    await anna.client.expect_message(contains="Счётчик № 67005887")

    await anna.client.send("١٢٣٤")  # Arabic-Indic digits: Python's Decimal() reads 1234
    refusal = await anna.client.expect_message(contains="не похоже на показания")
    await anna.client.send("1 234")
    summary = await anna.client.expect_message(contains="Проверьте показания")

    assert "12345,6" in refusal.text  # the example
    assert f"было 1{NBSP}200 (20.10.2026) → стало 1{NBSP}234, расход 34 кВт·ч" in summary.text
    assert (await world.cabinet.history.readings(account)).total == 2  # not sent yet
