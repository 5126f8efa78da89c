"""«История» → Начисления, Платежи, График through the emulator: periods ten a page with a bill
each, payments with the receipt of one made in the bot, the chart as a photo; a crafted button
for someone else's account is refused."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.handlers.history.keyboards import (
    ChargesPage,
    HistoryKind,
    HistoryKindButton,
    PaymentsPage,
    ReceiptButton,
)
from core.entities.payments import Payment
from core.enums import PaymentSource, PaymentStatus
from core.exchange import BillingExchange
from tests.bot.kit import BotWorld
from tests.bot.signed_in import linked_account, press_crafted, signed_in_customer
from tests.core.accounts.seed import Seed
from tests.core.bills.scene import downloaded, pdf_text

NBSP = "\u202f"
PAID_AT = datetime(2026, 11, 10, 9, 15, tzinfo=UTC)


async def bot_payment(seed: Seed, account_id: int, meter_id: int) -> int:
    async with seed.uow_factory() as uow:
        payment = Payment(
            account_id=account_id,
            amount_kopecks=123_456,
            purpose="Электроэнергия",
            source=PaymentSource.BOT.value,
            status=PaymentStatus.CONFIRMED.value,
            paid_at=PAID_AT,
            meter_id=meter_id,
            fiscal={
                "fiscal_document_number": "48213",
                "fiscal_sign": "2938475610",
                "fiscal_drive_number": "9960440300123456",
                "ecr_registration_number": "0004386073061166",
                "receipt_at": "2026-11-10T09:15:30+00:00",
                "ofd_url": "https://check.ofd.example/?fn=9960440300123456&i=48213&fp=2938475610",
                "masked_pan": "4276 **** **** 1234",
            },
            created_at=PAID_AT,
        )
        uow.session.add(payment)
        await uow.commit()
        return payment.id


async def test_charges_come_by_period_ten_a_page_with_a_bill_each(
    world: BotWorld, seed: Seed
) -> None:
    anna = await signed_in_customer(world)
    account = await linked_account(world, seed, anna.user.id, "110000001")
    for month in range(1, 13):  # January to December 2025, two services in each
        await seed.charge(account, f"2025-{month:02d}", 10)
        await seed.charge(account, f"2025-{month:02d}", 20, service="Вывоз ТКО")

    await anna.client.send("📜 История")
    await anna.client.expect_message(contains="История по лицевому счёту № 110000001")
    await anna.client.click("💰 Начисления")

    first = await anna.client.expect_message(contains="💰 Начисления (страница 1 из 2)")
    assert "декабрь 2025: 0,30 ₽" in first.text
    assert "март 2025" in first.text and "февраль 2025" not in first.text
    assert "📄 Квитанция 12.2025" in first.button_list
    assert len([b for b in first.button_list if b.startswith("📄")]) == 10
    await anna.client.click("›", message=first)
    second = await anna.client.expect_edit(contains="страница 2 из 2")
    assert "январь 2025" in second.text and "декабрь 2025" not in second.text

    await anna.client.click("📄 Квитанция 01.2025", message=second)
    sent = await anna.client.expect_message(contains="Квитанция за январь 2025")
    assert sent.document is not None
    text = pdf_text(await downloaded(world.emu.api_base, sent.document["file_id"]))
    assert "январь 2025" in text and "0,30" in text


async def test_payments_with_the_receipt_of_one_made_in_the_bot(
    world: BotWorld, seed: Seed
) -> None:
    anna = await signed_in_customer(world)
    account = await linked_account(world, seed, anna.user.id, "110000001")
    meter = await seed.meter(account, serial="67005887")
    await seed.payment(account, 3333, datetime(2026, 10, 5, 9, tzinfo=UTC))
    await seed.payment(
        account,
        5000,
        None,
        status=PaymentStatus.DECLINED,
        created_at=datetime(2026, 9, 1, tzinfo=UTC),
    )
    payment_id = await bot_payment(seed, account, meter)

    await anna.client.send("📜 История")
    await anna.client.expect_message(contains="История по лицевому счёту")
    await anna.client.click("💳 Платежи")

    page = await anna.client.expect_message(contains="💳 Платежи (страница 1 из 1)")
    lines = page.text
    assert f"10.11.2026 · 1{NBSP}234,56 ₽" in lines
    assert "Электроэнергия · бот · ✅ проведён" in lines
    assert "05.10.2026 · 33,33 ₽" in lines and "банк · ✅ проведён" in lines
    assert "01.09.2026 · 50,00 ₽" in lines and "❌ отклонён" in lines
    assert page.button_list == [
        "🧾 Чек от 10.11.2026",
        "‹ К истории счёта",
        "🔁 Другой лицевой счёт",
    ]

    await anna.client.click("🧾 Чек от 10.11.2026", message=page)

    receipt = await anna.client.expect_message(contains=f"Чек по платежу № {payment_id}")
    for shown in (
        "Время оплаты: 10.11.2026 12:15",
        f"Сумма: 1{NBSP}234,56 ₽",
        "Лицевой счёт: 110000001",
        "Адрес точки поставки: г. Ессентуки, ул. Терская, д. 128А, кв. 5",
        "Тариф: городской",
        "Счётчик: 67005887",
        "Тип прибора учёта: Меркурий 201",
        "Значность прибора учёта: 5",
        "РН ККТ: 0004386073061166",
        "ФД №: 48213",
        "ФП: 2938475610",
        "ФН №: 9960440300123456",
        "Дата чека: 10.11.2026 12:15",
        "Карта: 4276 **** **** 1234",
        "https://check.ofd.example/?fn=9960440300123456&i=48213&fp=2938475610",
    ):
        assert shown in receipt.text, receipt.text
    button = receipt.inline_button("🔎 Проверить чек")
    assert button is not None and button["url"].startswith("https://check.ofd.example/")


async def test_the_chart_arrives_as_a_photo(world: BotWorld, seed: Seed) -> None:
    anna = await signed_in_customer(world)
    account = await linked_account(world, seed, anna.user.id, "110000001")
    for month in range(1, 11):
        await seed.charge(account, f"2026-{month:02d}", 100_000 + month)

    await anna.client.send("📜 История")
    await anna.client.expect_message(contains="История по лицевому счёту")
    await anna.client.click("📊 График")

    sent = await anna.client.expect_message(contains="за последние 24 месяца")
    assert sent.photo is not None
    picture = await downloaded(world.emu.api_base, sent.photo[-1]["file_id"])
    assert picture.startswith(b"\x89PNG")
    assert (sent.photo[-1]["width"], sent.photo[-1]["height"]) == (1000, 500)


async def test_crafted_history_buttons_for_someone_elses_account_are_refused(
    world: BotWorld, seed: Seed
) -> None:
    anna = await signed_in_customer(world)
    boris = await signed_in_customer(world, phone="+79280000001", first_name="Борис")
    await linked_account(world, seed, anna.user.id, "110000001")
    borises = await linked_account(world, seed, boris.user.id, "110000002")
    meter = await seed.meter(borises)
    payment_id = await bot_payment(seed, borises, meter)
    await anna.client.send("📜 История")
    own = await anna.client.expect_message(contains="История по лицевому счёту")

    for data in (
        ChargesPage(account_id=borises, page=1).pack(),
        PaymentsPage(account_id=borises, page=1).pack(),
        ReceiptButton(account_id=borises, payment_id=payment_id).pack(),
        HistoryKindButton(kind=HistoryKind.CHART, account_id=borises).pack(),
    ):
        await press_crafted(anna.client, own, data)
        answer = await anna.client.expect_callback_answer()
        assert answer["text"] == "Этот лицевой счёт не подключён к вашему кабинету."
    await anna.client.expect_no_message()


async def test_a_receipt_of_another_accounts_payment_is_not_shown(
    world: BotWorld, seed: Seed
) -> None:
    anna = await signed_in_customer(world)
    boris = await signed_in_customer(world, phone="+79280000001", first_name="Борис")
    own = await linked_account(world, seed, anna.user.id, "110000001")
    borises = await linked_account(world, seed, boris.user.id, "110000002")
    payment_id = await bot_payment(seed, borises, await seed.meter(borises))
    await anna.client.send("📜 История")
    screen = await anna.client.expect_message(contains="История по лицевому счёту")

    # Her own account in the button, Boris's payment id in it.
    await press_crafted(
        anna.client, screen, ReceiptButton(account_id=own, payment_id=payment_id).pack()
    )

    answer = await anna.client.expect_callback_answer()
    assert "Чека по этому платежу нет" in answer["text"]
    await anna.client.expect_no_message()


async def test_charges_have_pay_and_every_page_a_way_back(world: BotWorld, seed: Seed) -> None:
    anna = await signed_in_customer(world)
    account = await linked_account(world, seed, anna.user.id, "110000001")
    await linked_account(world, seed, anna.user.id, "110000002")
    await seed.charge(account, "2026-10", 150000)

    await anna.client.send("📜 История")
    await anna.client.expect_message(contains="Выберите лицевой счёт")
    await anna.client.click("Лицевой счёт № 110000001")
    await anna.client.expect_message(contains="История по лицевому счёту № 110000001")
    await anna.client.click("💰 Начисления")
    charges = await anna.client.expect_message(contains="💰 Начисления (страница 1 из 1)")
    assert charges.button_list[-3:] == [
        "💳 Оплатить",
        "‹ К истории счёта",
        "🔁 Другой лицевой счёт",
    ]

    await anna.client.click("💳 Оплатить", message=charges)
    await anna.client.expect_message(contains="110000001")

    await anna.client.click("‹ К истории счёта", message=charges)
    await anna.client.expect_message(contains="История по лицевому счёту № 110000001")
    await anna.client.click("🔁 Другой лицевой счёт", message=charges)
    choice = await anna.client.expect_message(contains="Выберите лицевой счёт")
    assert "Лицевой счёт № 110000002" in choice.button_list
    await anna.client.click("Лицевой счёт № 110000002", message=choice)
    await anna.client.expect_message(contains="История по лицевому счёту № 110000002")


async def test_billing_s_payment_sources_are_shown_as_written(world: BotWorld, seed: Seed) -> None:
    anna = await signed_in_customer(world)
    account = await linked_account(world, seed, anna.user.id, "110000001")
    exchange = BillingExchange(world.cabinet.uow_factory, world.clock, world.settings)
    rows = [
        ["110000001", "2026-10-05", "100.00", "Электроэнергия", "Сбербанк Онлайн", "confirmed"],
        ["110000001", "2026-10-06", "200.00", "Электроэнергия", "Почта России", "confirmed"],
        ["110000001", "2026-10-07", "300.00", "Электроэнергия", "bank", "confirmed"],
    ]
    summary = await exchange.import_records("payments", rows)
    assert summary.inserted == 3
    assert (await exchange.import_records("payments", rows)).unchanged == 3  # keys are stable
    assert account

    await anna.client.send("📜 История")
    await anna.client.expect_message(contains="История по лицевому счёту")
    await anna.client.click("💳 Платежи")
    page = await anna.client.expect_message(contains="💳 Платежи")
    assert "Электроэнергия · Сбербанк Онлайн · ✅ проведён" in page.text
    assert "Электроэнергия · Почта России · ✅ проведён" in page.text
    assert "Электроэнергия · банк · ✅ проведён" in page.text  # a code, in the reader's language
