"""«Главная» through the emulator: account cards, the verification warning, the offer to add an
account, and buttons that only work on the presser's own accounts."""

from __future__ import annotations

from datetime import UTC, date, datetime

from bot.handlers.home.keyboards import CardAction, CardButton
from tests.bot.kit import BotWorld
from tests.bot.signed_in import linked_account, press_crafted, signed_in_customer
from tests.core.accounts.seed import ELS, Seed

NBSP = "\u202f"  # thousands are separated by a narrow no-break space
OCTOBER = datetime(2026, 10, 20, 9, 0, tzinfo=UTC)
NOVEMBER = datetime(2026, 11, 16, 9, 0, tzinfo=UTC)


async def test_one_account_card_shows_money_meter_and_readings(world: BotWorld, seed: Seed) -> None:
    anna = await signed_in_customer(world)
    account = await linked_account(world, seed, anna.user.id, "110000001")
    meter = await seed.meter(account, serial="67005887", digits=6)
    await seed.reading(meter, "30239", OCTOBER, "2026-10")
    await seed.reading(meter, "30260", NOVEMBER, "2026-11")
    await seed.charge(account, "2026-10", 194_908)
    await seed.charge(account, "2026-10", 5_000, service="Прочее")
    await seed.payment(account, 100_000, datetime(2026, 11, 2, 9, tzinfo=UTC))

    await anna.client.send("🏠 Главная")

    card = await anna.client.expect_message(contains="Лицевой счёт № 110000001")
    for shown in (
        "Филиал: Ессентукский филиал",
        "Адрес: г. Ессентуки, ул. Терская, д. 128А, кв. 5",
        "Задолженность за электроэнергию: 949,08 ₽",
        "Задолженность (Прочее): 50,00 ₽",
        f"Оплачено в этом месяце: 1{NBSP}000,00 ₽",
        "Счётчик № 67005887",
        "Модель: Меркурий 201",
        "Тариф: городской",
        "Разрядность: 6",
        "Установлен: 08.08.2018",
        "Следующая поверка: 30.09.2034",
        f"Показания за октябрь 2026: 30{NBSP}239 кВт·ч (20.10.2026)",
        f"Показания за ноябрь 2026: 30{NBSP}260 кВт·ч (16.11.2026)",
    ):
        assert shown in card.text, card.text
    assert "⚠️" not in card.text
    assert card.button_list == [
        "📟 Передать показания",
        "💳 Оплатить",
        "📄 Квитанция",
        "📜 История",
        "🔧 Заменить счётчик",
        "🛠 Заказать услугу",
    ]
    await anna.client.expect_no_message()


async def test_two_accounts_come_as_two_cards_and_a_request_under_review_is_named(
    world: BotWorld, seed: Seed
) -> None:
    anna = await signed_in_customer(world)
    first = await linked_account(world, seed, anna.user.id, "110000001")
    await linked_account(world, seed, anna.user.id, "110000002")
    await seed.account(number="110000003", apartment="77")
    await world.cabinet.accounts.request_link_by_photo(anna.user.id, "110000003", "meter.jpg")
    day_night = await seed.meter(first, serial="70000001", zones="T1;T2")
    await seed.reading(day_night, "1200", NOVEMBER, "2026-11", zone="T1")
    await seed.reading(day_night, "800", NOVEMBER, "2026-11", zone="T2")

    await anna.client.send("🏠 Главная")

    first_card = await anna.client.expect_message(contains="Лицевой счёт № 110000001")
    assert "Показания за октябрь 2026: не переданы" in first_card.text
    assert f"День: 1{NBSP}200 кВт·ч (16.11.2026)" in first_card.text
    assert "Ночь: 800 кВт·ч (16.11.2026)" in first_card.text
    assert "Задолженность за электроэнергию: 0,00 ₽" in first_card.text
    second_card = await anna.client.expect_message(contains="Лицевой счёт № 110000002")
    assert "Счётчик" not in second_card.text
    pending = await anna.client.expect_message(contains="на проверке")
    assert "110000003" in pending.text
    assert "кв. 77" not in pending.text


async def test_a_verification_less_than_60_days_away_is_highlighted(
    world: BotWorld, seed: Seed
) -> None:
    anna = await signed_in_customer(world)
    account = await linked_account(world, seed, anna.user.id, "110000001")
    await seed.meter(account, serial="11111111", next_verification_on=date(2027, 1, 10))
    await seed.meter(account, serial="22222222", next_verification_on=date(2027, 2, 1))

    await anna.client.send("🏠 Главная")

    card = (await anna.client.expect_message(contains="Лицевой счёт")).text
    soon, later = card.split("Счётчик № 22222222")
    assert "⚠️ Следующая поверка: 10.01.2027 — осталось меньше 60 дней" in soon
    assert "Следующая поверка: 01.02.2027" in later
    assert "⚠️" not in later


async def test_without_accounts_the_user_is_offered_what_is_open_and_to_add_one(
    world: BotWorld,
) -> None:
    anna = await signed_in_customer(world)

    await anna.client.send("🏠 Главная")

    offer = await anna.client.expect_message(contains="не подключён ни один лицевой счёт")
    assert "по любому номеру лицевого счёта" in offer.text
    button = offer.inline_button("➕ Добавить лицевой счёт")
    assert button is not None and button["callback_data"] == "link:start"


async def test_pay_opens_payments_and_a_bill_without_charges_is_a_polite_no(
    world: BotWorld, seed: Seed
) -> None:
    anna = await signed_in_customer(world)
    await linked_account(world, seed, anna.user.id, "110000001")
    await anna.client.send("🏠 Главная")
    card = await anna.client.expect_message(contains="Лицевой счёт № 110000001")

    await anna.client.click("📄 Квитанция", message=card)
    answer = await anna.client.expect_callback_answer()
    assert answer["show_alert"] is True
    assert "Квитанции за этот период нет" in answer["text"]
    await anna.client.expect_no_message()

    await anna.client.click("💳 Оплатить", message=card)
    opened = await anna.client.expect_message()
    assert "110000001" in opened.text and "скоро появится" not in opened.text


async def test_a_card_button_for_an_account_now_someone_elses_is_refused(
    world: BotWorld, seed: Seed
) -> None:
    # The emulator, like Telegram, only lets a person press buttons the bot sent; an old card
    # of an account that has since moved to another customer names that customer's account.
    anna = await signed_in_customer(world)
    boris = await signed_in_customer(world, phone="+79280000001", first_name="Борис")
    account = await linked_account(world, seed, anna.user.id, "110000001")
    await anna.client.send("🏠 Главная")
    old_card = await anna.client.expect_message(contains="Лицевой счёт № 110000001")
    await world.cabinet.accounts.unlink(anna.user.id, account)
    await world.cabinet.accounts.link_by_els(boris.user.id, "110000001", ELS)

    for _press in range(2):
        await anna.client.click("💳 Оплатить", message=old_card)
        answer = await anna.client.expect_callback_answer()
        assert answer["text"] == "Этот лицевой счёт не подключён к вашему кабинету."
        assert answer["show_alert"] is True
    await anna.client.expect_no_message()


async def test_a_crafted_button_naming_someone_elses_account_is_refused(
    world: BotWorld, seed: Seed
) -> None:
    anna = await signed_in_customer(world)
    boris = await signed_in_customer(world, phone="+79280000001", first_name="Борис")
    await linked_account(world, seed, anna.user.id, "110000001")
    borises = await linked_account(world, seed, boris.user.id, "110000002")
    await anna.client.send("🏠 Главная")
    own_card = await anna.client.expect_message(contains="Лицевой счёт № 110000001")

    crafted = CardButton(action=CardAction.HISTORY, account_id=borises).pack()
    await press_crafted(anna.client, own_card, crafted)

    answer = await anna.client.expect_callback_answer()
    assert answer["text"] == "Этот лицевой счёт не подключён к вашему кабинету."
    await anna.client.expect_no_message()


async def test_the_card_speaks_english_to_an_english_telegram(world: BotWorld, seed: Seed) -> None:
    john = await signed_in_customer(world, first_name="John", language_code="en")
    account = await linked_account(world, seed, john.user.id, "110000001")
    meter = await seed.meter(account)
    await seed.reading(meter, "12345", NOVEMBER, "2026-11")
    await seed.charge(account, "2026-10", 94_908)

    await john.client.send("🏠 Home")

    card = await john.client.expect_message(contains="Account No. 110000001")
    assert "Due for electricity: 949,08 ₽" in card.text
    assert f"Readings for November 2026: 12{NBSP}345 kWh (16.11.2026)" in card.text
    assert card.button_list == [
        "📟 Send readings",
        "💳 Pay",
        "📄 Bill",
        "📜 History",
        "🔧 Replace the meter",
        "🛠 Order a service",
    ]
