"""A question typed anywhere is never a dead end: at the main menu the bot offers to send it to
support with one press; with «Сообщения» open it goes at once. Junk still gets the hint."""

from __future__ import annotations

from tests.bot.kit import BotWorld
from tests.bot.signed_in import signed_in_customer
from tests.bot.support.test_scene import CARD_MARK, customer_with_account

QUESTION = "Здравствуйте, когда придёт квитанция?"


async def test_a_question_at_the_main_menu_goes_to_support_with_one_press(
    world: BotWorld,
) -> None:
    anna = await customer_with_account(world, "+79280000001", "Анна", "110000001")
    client = anna.client
    asked = await client.send(QUESTION)
    offer = await client.expect_message(contains="Это вопрос для компании?")
    assert offer.raw["reply_to_message"]["message_id"] == asked.message_id

    await client.click("✉️ Отправить в поддержку")

    await client.expect_message(contains="✅ Вопрос передан в поддержку")
    card = await world.emu.staff.expect_message(contains=CARD_MARK)
    copy = await world.emu.staff.expect_message(thread_id=card.thread_id)
    assert copy.text == QUESTION
    history = await world.cabinet.support.history(anna.user.id)
    assert [m.text for m in history.items] == [QUESTION]
    shown = next(m for m in client.log.messages if m.message_id == offer.message_id)
    assert "✉️ Отправить в поддержку" not in shown.button_list  # pressed once, sent once
    # No dialog was started: the next question is offered again, a number gets the hint.
    await client.send("И ещё: почему так много?")
    await client.expect_message(contains="Это вопрос для компании?")
    await client.send("12345")
    await client.expect_message(contains="Я не понял сообщение")


async def test_what_cannot_be_a_question_still_gets_the_hint(world: BotWorld) -> None:
    anna = await signed_in_customer(world)
    for junk in ("12345", "ок", "/unknown"):
        await anna.client.send(junk)
        await anna.client.expect_message(contains="Я не понял сообщение")


async def test_a_question_typed_in_messages_without_pressing_write_is_sent(
    world: BotWorld,
) -> None:
    anna = await customer_with_account(world, "+79280000002", "Анна", "110000002")
    client = anna.client
    await client.send("💬 Сообщения")
    await client.expect_message(contains="Сообщения")
    await client.send("12345")
    await client.expect_message(contains="просто отправьте вопрос")

    await client.send(QUESTION)

    await client.expect_message(contains="✅ Сообщение отправлено")
    card = await world.emu.staff.expect_message(contains=CARD_MARK)
    copy = await world.emu.staff.expect_message(thread_id=card.thread_id)
    assert copy.text == QUESTION
    await client.click("Готово")
    await client.expect_message(contains="Ответ компании придёт")
    await client.send("12345")
    await client.expect_message(contains="Я не понял сообщение")


async def test_in_english(world: BotWorld) -> None:
    anna = await signed_in_customer(world, language_code="en")
    client = anna.client
    await client.send("When does my bill come?")
    await client.expect_message(contains="Is this a question for the company?")
    await client.click("✉️ Send to support")
    await client.expect_message(contains="passed to support")
