"""What core's rules make of a reading, as the customer meets it in the dialog: too many digits,
below the last value (a typo or the meter going round), far above the usual, a second reading
the same day, and readings sent outside the window."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from core.enums import ReadingStatus
from tests.bot.kit import BotWorld
from tests.bot.readings_scene import NBSP, TARIFF, meter_with_history
from tests.bot.signed_in import SignedInCustomer, linked_account, signed_in_customer
from tests.core.accounts.seed import Seed


async def _customer_with_meter(
    world: BotWorld, seed: Seed, zones: dict[str, tuple[str, str]]
) -> tuple[SignedInCustomer, int]:
    anna = await signed_in_customer(world)
    account = await linked_account(world, seed, anna.user.id, "110000001")
    await meter_with_history(seed, account, "67005887", zones)
    await seed.charge(account, "2026-10", 100_00, tariff_rub=TARIFF)
    await anna.client.send("📟 Передать показания")
    return anna, account


async def test_more_digits_than_the_meter_has_asks_for_that_zone_again(
    world: BotWorld, seed: Seed
) -> None:
    anna, _account = await _customer_with_meter(
        world, seed, {"T1": ("8000", "8200"), "T2": ("3000", "3100")}
    )
    await anna.client.expect_message(contains="Зона День")
    await anna.client.send("123456")
    await anna.client.expect_message(contains="Зона Ночь")
    await anna.client.send("3150")

    refusal = await anna.client.expect_message(contains="больше цифр, чем на счётчике")
    assert refusal.text.startswith("День: в показаниях 123") and "у него 5 цифр" in refusal.text
    await anna.client.expect_message(contains="Зона День (1 из 2)")  # Ночь is kept
    await anna.client.send("8250")
    summary = await anna.client.expect_message(contains="Проверьте показания")
    assert f"стало 8{NBSP}250" in summary.text and f"стало 3{NBSP}150" in summary.text


async def test_a_value_below_the_last_that_no_rollover_explains_is_refused(
    world: BotWorld, seed: Seed
) -> None:
    anna, _account = await _customer_with_meter(world, seed, {"T": ("12000", "12345")})
    await anna.client.expect_message(contains="Счётчик № 67005887")
    await anna.client.send("1234")

    refusal = await anna.client.expect_message(contains="меньше последних принятых показаний")
    assert f"1{NBSP}234 меньше последних принятых показаний 12{NBSP}345" in refusal.text
    await anna.client.expect_message(contains="Введите сегодняшние показания")
    await anna.client.send("12400")
    await anna.client.expect_message(contains="Проверьте показания")


async def test_a_meter_that_went_round_is_confirmed_and_sent_for_review(
    world: BotWorld, seed: Seed
) -> None:
    anna, account = await _customer_with_meter(world, seed, {"T": ("99500", "99900")})
    await anna.client.expect_message(contains="Счётчик № 67005887")
    await anna.client.send("150")

    summary = await anna.client.expect_message(contains="Проверьте показания")
    assert "перешёл через ноль (тогда расход 250 кВт·ч)" in summary.text
    assert summary.button_list[0] == "✅ Всё верно, отправить"
    await anna.client.click("✅ Всё верно, отправить")
    await anna.client.expect_message(contains="переданы на проверку")
    newest = (await world.cabinet.history.readings(account)).items[0]
    assert (newest.value, newest.consumption, newest.status) == (
        Decimal("150"),
        Decimal("250"),
        ReadingStatus.PENDING,
    )


async def test_consumption_far_above_the_usual_asks_to_confirm_and_offers_a_photo(
    world: BotWorld, seed: Seed
) -> None:
    anna, account = await _customer_with_meter(world, seed, {"T": ("12000", "12345")})
    await anna.client.expect_message(contains="Счётчик № 67005887")
    await anna.client.send("14345")

    summary = await anna.client.expect_message(contains="Проверьте показания")
    assert f"2{NBSP}000 кВт·ч — намного больше обычного (около 248 кВт·ч)" in summary.text
    assert summary.button_list == ["✅ Всё верно, отправить", "✏️ Исправить", "📷 Прикрепить фото"]
    await anna.client.click("✏️ Исправить")
    await anna.client.expect_message(contains="Введите сегодняшние показания")
    await anna.client.send("14345")
    await anna.client.expect_message(contains="намного больше обычного")
    await anna.client.click("✅ Всё верно, отправить")
    await anna.client.expect_message(contains="переданы на проверку")
    newest = (await world.cabinet.history.readings(account)).items[0]
    assert (newest.value, newest.status) == (Decimal("14345"), ReadingStatus.PENDING)


async def test_a_second_reading_the_same_day_replaces_the_first_after_confirmation(
    world: BotWorld, seed: Seed
) -> None:
    anna, account = await _customer_with_meter(world, seed, {"T": ("12000", "12345")})
    await anna.client.expect_message(contains="Счётчик № 67005887")
    await anna.client.send("12400")
    await anna.client.expect_message(contains="Проверьте показания")
    await anna.client.click("✅ Отправить")
    await anna.client.expect_message(contains="Показания приняты")

    await anna.client.send("📟 Передать показания")
    await anna.client.expect_message(contains="Счётчик № 67005887")
    await anna.client.send("12410")
    await anna.client.expect_message(contains="Проверьте показания")
    await anna.client.click("✅ Отправить")
    offer = await anna.client.expect_message(contains="вы уже передали показания этого счётчика")
    assert offer.text.startswith("Сегодня в 12:30 вы уже передали")  # 09:30 UTC in Moscow
    assert offer.button_list == ["🔁 Заменить новыми", "✏️ Исправить"]
    await anna.client.click("🔁 Заменить новыми")
    await anna.client.expect_message(contains="Показания приняты")

    rows = (await world.cabinet.history.readings(account)).items
    by_value = {row.value: row for row in rows}
    assert by_value[Decimal("12410")].status is ReadingStatus.ACCEPTED
    assert by_value[Decimal("12410")].consumption == Decimal("65")  # from 12 345, not 12 400
    assert by_value[Decimal("12400")].status is ReadingStatus.REJECTED

    await anna.client.send("📜 История")
    await anna.client.expect_message(contains="История по лицевому счёту")
    await anna.client.click("📈 Показания")
    listing = await anna.client.expect_message(contains="📈 Показания")
    assert "отклонено: заменены показаниями, переданными позже в тот же день" in listing.text


async def test_readings_outside_the_window_count_for_the_next_period_and_say_so(
    world: BotWorld, seed: Seed
) -> None:
    world.clock.set(datetime(2026, 11, 27, 9, 0, tzinfo=UTC))
    anna, account = await _customer_with_meter(world, seed, {"T": ("12000", "12345")})
    await anna.client.expect_message(contains="Счётчик № 67005887")
    await anna.client.send("12400")

    summary = await anna.client.expect_message(contains="Проверьте показания")
    window = "учтены за декабрь 2026: приём за этот период — с 15.12.2026 по 25.12.2026"
    assert window in summary.text
    await anna.client.click("✅ Отправить")
    done = await anna.client.expect_message(contains="Показания приняты")
    assert window in done.text and "Расчётный период: декабрь 2026" in done.text
    assert (await world.cabinet.history.readings(account)).items[0].period == "2026-12"


async def test_before_the_window_opens_readings_count_for_this_month(
    world: BotWorld, seed: Seed
) -> None:
    world.clock.set(datetime(2026, 11, 3, 9, 0, tzinfo=UTC))
    anna, _account = await _customer_with_meter(
        world, seed, {"T1": ("8000", "8200"), "T2": ("3000", "3100")}
    )
    await anna.client.expect_message(contains="Зона День")
    await anna.client.send("8300")
    await anna.client.expect_message(contains="Зона Ночь")
    await anna.client.send("3130")
    summary = await anna.client.expect_message(contains="Проверьте показания")
    assert (
        "учтены за ноябрь 2026: приём за этот период — с 15.11.2026 по 25.11.2026" in summary.text
    )
