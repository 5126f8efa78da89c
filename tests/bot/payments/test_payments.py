"""«Оплата» end to end: the customer pays through the bank sandbox, the bot hears the bank."""

from __future__ import annotations

from sqlalchemy import select

from core.entities.payments import Payment
from core.enums import PaymentStatus
from emulator.kit.messages import SeenMessage
from storage.models import outbox_table, payments_table
from tests.bot.kit import BotWorld
from tests.bot.signed_in import SignedInCustomer, linked_account, signed_in_customer
from tests.core.accounts.seed import Seed

NUMBER = "110000777"


async def scene(world: BotWorld, debt: int = 94_908) -> tuple[SignedInCustomer, int, Seed]:
    seed = Seed(world.cabinet.uow_factory)
    customer = await signed_in_customer(world)
    account_id = await linked_account(world, seed, customer.user.id, NUMBER)
    await seed.charge(account_id, "2026-10", debt - 10_000, service="Электроэнергия (день)")
    await seed.charge(account_id, "2026-10", 10_000, service="Электроэнергия (ночь)")
    return customer, account_id, seed


async def payments(world: BotWorld) -> list[Payment]:
    async with world.cabinet.uow_factory() as uow:
        rows = list(
            (await uow.session.scalars(select(Payment).order_by(payments_table.c.id))).all()
        )
        uow.session.expunge_all()  # readable after the unit of work rolls back
        return rows


def link_of(message: SeenMessage) -> str:
    button = message.raw["reply_markup"]["inline_keyboard"][0][0]
    return str(button["url"])


async def open_window(customer: SignedInCustomer) -> SeenMessage:
    client = customer.client
    await client.send("💳 Оплата")
    listing = await client.expect_message(contains="Электроэнергия: 949,08 ₽")
    await client.click(listing.button_list[0])
    return await client.expect_message(contains="Сумма оплаты: 949,08 ₽")


async def test_a_customer_pays_a_linked_account_and_hears_the_bank(world: BotWorld) -> None:
    customer, _account_id, _seed = await scene(world)
    client = customer.client
    window = await open_window(customer)
    assert "г. Ессентуки, ул. Терская, д. 128А, кв. 5" in window.text
    assert "Задолженность: 949,08 ₽" in window.text

    await client.click("➡️ Перейти к оплате")
    link = await client.expect_message(contains="Ссылка на оплату 949,08 ₽")
    order_id = world.emu.sandbox.order_id_of(link_of(link))
    order = await world.emu.sandbox.order(order_id)
    assert order["amount"] == 94_908

    settled = await world.emu.sandbox.pay(order_id)
    assert [c["attempts"][0]["status"] for c in settled["callbacks"]] == [200]
    [paid] = await payments(world)
    assert paid.status == PaymentStatus.CONFIRMED.value and paid.amount_kopecks == 94_908
    assert paid.purpose == "Электроэнергия"
    assert paid.fiscal is not None and paid.fiscal["masked_pan"] == "411111**1111"
    assert paid.fiscal["fiscal_drive_number"] and paid.fiscal["fiscal_document_number"]
    async with world.cabinet.uow_factory() as uow:
        kinds = (await uow.session.scalars(select(outbox_table.c.kind))).all()
    assert kinds == ["payment_confirmed"]
    await client.expect_message(contains="Оплата 949,08 ₽ по лицевому счёту 110000777 прошла")

    await client.send("💳 Оплата")
    after = await client.expect_message(contains="Электроэнергия")
    assert "задолженности нет" in after.text


async def test_pressing_go_twice_makes_one_payment(world: BotWorld) -> None:
    customer, _account_id, _seed = await scene(world)
    await open_window(customer)
    await customer.client.click("➡️ Перейти к оплате")
    first = await customer.client.expect_message(contains="Ссылка на оплату")
    await customer.client.click("➡️ Перейти к оплате")
    second = await customer.client.expect_message(contains="Ссылка на оплату")
    assert link_of(first) == link_of(second)
    assert len(await payments(world)) == 1


async def test_the_amount_can_be_changed_and_bad_amounts_are_explained(world: BotWorld) -> None:
    customer, _account_id, _seed = await scene(world)
    client = customer.client
    await open_window(customer)
    await client.click("✏️ Изменить сумму")
    await client.expect_message(contains="Напишите сумму")
    for text, answer in [
        ("-5", "больше нуля"),
        ("0", "больше нуля"),
        ("12,345", "двух знаков"),
        ("сто рублей", "не похоже на сумму"),
        ("600000", "не может быть больше 500\u202f000,00 ₽"),
    ]:
        await client.send(text)
        refusal = await client.expect_message(contains=answer)
        assert "949,08" in refusal.text  # the example
    await client.send("1 000,50")
    await client.expect_message(contains="Сумма оплаты: 1\u202f000,50 ₽")
    await client.click("➡️ Перейти к оплате")
    await client.expect_message(contains="Ссылка на оплату 1\u202f000,50 ₽")
    [intent] = await payments(world)
    assert intent.amount_kopecks == 100_050


async def test_an_amount_in_digits_of_another_script_is_refused_with_the_example(
    world: BotWorld,
) -> None:
    customer, _account_id, _seed = await scene(world)
    client = customer.client
    await open_window(customer)
    await client.click("✏️ Изменить сумму")
    await client.expect_message(contains="Напишите сумму")

    await client.send("١٢٣٤")  # Arabic-Indic digits: Python's int() reads them as 1234
    refusal = await client.expect_message(contains="не похоже на сумму")
    await client.send("1 234")
    window = await client.expect_message(contains="Сумма оплаты")

    assert "«١٢٣٤»" in refusal.text
    assert "Например: 949,08" in refusal.text
    assert "Сумма оплаты: 1\u202f234,00 ₽" in window.text
    assert await payments(world) == []  # nothing is paid until the customer says so


async def test_the_receipt_email_is_checked_and_remembered(world: BotWorld) -> None:
    customer, _account_id, _seed = await scene(world)
    client = customer.client
    await open_window(customer)
    await client.click("📧 Чек на e-mail")
    await client.expect_message(contains="e-mail")
    await client.send("not-an-address")
    await client.expect_message()
    await client.send("Anna@Example.RU")
    await client.expect_message(contains="Копия чека на e-mail: anna@example.ru")
    await client.click("➡️ Перейти к оплате")
    await client.expect_message(contains="Ссылка на оплату")
    [intent] = await payments(world)
    assert intent.receipt_email == "anna@example.ru"
    order_id = intent.provider_order_id
    assert order_id is not None
    order = await world.emu.sandbox.order(order_id)
    assert "anna@example.ru" in str(order)

    window = await open_window(customer)  # a later payment offers it again
    assert "anna@example.ru" in window.text


async def test_paying_another_account_shows_a_masked_address(world: BotWorld) -> None:
    seed = Seed(world.cabinet.uow_factory)
    customer = await signed_in_customer(world)
    other = await seed.account(number="220000999")
    await seed.charge(other.id, "2026-10", 50_000)
    client = customer.client
    await client.send("💳 Оплата")
    await client.expect_message(contains="Нет доступных счетов")
    await client.click("🔢 Оплатить по другому лицевому счёту")
    await client.expect_message(contains="номер лицевого счёта")
    await client.send("999999999")
    await client.expect_message(contains="Нет доступных счетов для оплаты")
    await client.send("220000999")
    found = await client.expect_message(contains="500,00 ₽")
    assert "д. 1***" in found.text and "кв. **" in found.text
    await client.click(found.button_list[0])
    window = await client.expect_message(contains="Сумма оплаты: 500,00 ₽")
    assert "кв. 5" not in window.text
    await client.click("➡️ Перейти к оплате")
    await client.expect_message(contains="Ссылка на оплату 500,00 ₽")
    [intent] = await payments(world)
    assert intent.account_id == other.id and intent.user_id == customer.user.id


async def test_a_crafted_button_for_someone_elses_account_is_refused(world: BotWorld) -> None:
    seed = Seed(world.cabinet.uow_factory)
    customer = await signed_in_customer(world)
    stranger = await seed.account(number="330000111")
    await customer.client.send("💳 Оплата")
    await customer.client.expect_message()
    await customer.client.click_crafted(f"pay_svc:{stranger.id}:0")
    answer = await customer.client.expect_callback_answer()
    assert answer["show_alert"] is True
    assert await payments(world) == []


async def test_nothing_owed_asks_for_an_advance(world: BotWorld) -> None:
    seed = Seed(world.cabinet.uow_factory)
    customer = await signed_in_customer(world)
    await linked_account(world, seed, customer.user.id, NUMBER)
    client = customer.client
    await client.send("💳 Оплата")
    listing = await client.expect_message(contains="задолженности нет")
    await client.click(listing.button_list[0])
    await client.expect_message(contains="оплатить авансом")
    await client.send("300")
    await client.expect_message(contains="Сумма оплаты: 300,00 ₽")
