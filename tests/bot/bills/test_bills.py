"""«Квитанция» through the emulator: from an account card on «Главная» and from the button the
new-bill notification carries, as a PDF document holding the totals; someone else's refused."""

from __future__ import annotations

from bot.handlers.bills.keyboards import BillButton
from tests.bot.kit import BotWorld
from tests.bot.signed_in import press_crafted, signed_in_customer
from tests.core.accounts.seed import Seed
from tests.core.bills.scene import (
    HOLDER,
    NUMBER,
    PERIOD,
    bill_scene,
    decode_qr,
    downloaded,
    pdf_images,
    pdf_text,
)


async def test_the_card_sends_the_latest_bill_as_a_pdf(world: BotWorld, seed: Seed) -> None:
    anna = await signed_in_customer(world)
    await bill_scene(seed, anna.user.id)
    await anna.client.send("🏠 Главная")
    card = await anna.client.expect_message(contains=f"Лицевой счёт № {NUMBER}")
    assert card.button_list == [
        "📟 Передать показания",
        "💳 Оплатить",
        "📄 Квитанция",
        "📜 История",
        "🔧 Заменить счётчик",
        "🛠 Заказать услугу",
    ]

    await anna.client.click("📄 Квитанция", message=card)

    sent = await anna.client.expect_message(contains="Квитанция за октябрь 2026")
    assert "Всего к оплате: 999\u202f867,05 ₽" in sent.text
    assert sent.document is not None
    assert sent.document["file_name"] == f"kvitanciya_{NUMBER}_{PERIOD}.pdf"
    assert sent.document["mime_type"] == "application/pdf"
    content = await downloaded(world.emu.api_base, sent.document["file_id"])
    text = pdf_text(content)
    assert HOLDER in text and NUMBER in text and "ВСЕГО К ОПЛАТЕ" in text
    assert "999 867,05" in text
    assert "Sum=99986705|" in decode_qr(pdf_images(content)[0])


async def test_the_notification_button_sends_that_periods_bill(world: BotWorld, seed: Seed) -> None:
    anna = await signed_in_customer(world)
    scene = await bill_scene(seed, anna.user.id)
    await seed.charge(scene.account_id, "2026-08", 12_345)
    await anna.client.send("🏠 Главная")
    card = await anna.client.expect_message(contains=NUMBER)

    # What the notifications' message carries; pressed here on the card.
    await press_crafted(
        anna.client, card, BillButton(account_id=scene.account_id, period="2026-08").pack()
    )

    sent = await anna.client.expect_message(contains="Квитанция за август 2026")
    assert sent.document is not None
    text = pdf_text(await downloaded(world.emu.api_base, sent.document["file_id"]))
    assert "август 2026" in text and "123,45" in text


async def test_a_bill_of_someone_elses_account_is_refused(world: BotWorld, seed: Seed) -> None:
    anna = await signed_in_customer(world)
    boris = await signed_in_customer(world, phone="+79280000001", first_name="Борис")
    await bill_scene(seed, anna.user.id)
    borises = await bill_scene(seed, boris.user.id, number="110000002")
    await anna.client.send("🏠 Главная")
    card = await anna.client.expect_message(contains=NUMBER)

    for data in (
        BillButton(account_id=borises.account_id, period=PERIOD).pack(),
        "bill:999999:2026-10",
    ):
        await press_crafted(anna.client, card, data)
        answer = await anna.client.expect_callback_answer()
        assert answer["text"] == "Этот лицевой счёт не подключён к вашему кабинету."
        assert answer["show_alert"] is True
    await anna.client.expect_no_message()


async def test_a_period_without_charges_or_a_bad_one_gets_a_polite_no(
    world: BotWorld, seed: Seed
) -> None:
    anna = await signed_in_customer(world)
    scene = await bill_scene(seed, anna.user.id)
    await anna.client.send("🏠 Главная")
    card = await anna.client.expect_message(contains=NUMBER)

    for period in ("2019-01", "2026-13", "x"):
        data = BillButton(account_id=scene.account_id, period=period).pack()
        await press_crafted(anna.client, card, data)
        answer = await anna.client.expect_callback_answer()
        assert "Квитанции за этот период нет" in answer["text"]
    await anna.client.expect_no_message()


async def test_an_english_customer_gets_an_english_caption(world: BotWorld, seed: Seed) -> None:
    john = await signed_in_customer(world, first_name="John", language_code="en")
    await bill_scene(seed, john.user.id)
    await john.client.send("🏠 Home")
    await john.client.expect_message(contains=NUMBER)

    await john.client.click("📄 Bill")

    sent = await john.client.expect_message(contains="The bill for October 2026")
    assert "Total to pay: <b>" not in sent.text and "999\u202f867,05 ₽" in sent.text
