"""Callback queries, chat actions, members, the staff forum's topics, commands."""

from __future__ import annotations

import pytest
from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import BotCommand, InlineKeyboardButton, InlineKeyboardMarkup

from emulator.kit import EmulatorHarness, KitError, UserClient
from tests.emulator.test_limits import FakeMonotonic


def keyboard() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text="Оплатить", callback_data="pay:1")]]
    )


async def test_a_button_press_reaches_the_bot_and_its_answer_the_user(
    bot: Bot, customer: UserClient
) -> None:
    await bot.send_message(customer.id, "Счёт", reply_markup=keyboard())
    query_id = await customer.click("Оплатить")
    update = (await bot.get_updates(timeout=0))[-1]
    assert update.callback_query is not None and update.callback_query.id == query_id
    assert update.callback_query.data == "pay:1"
    assert update.callback_query.from_user.id == customer.id
    assert await bot.answer_callback_query(query_id, text="Готово", show_alert=True)
    assert await customer.expect_callback_answer() == {
        "type": "callback_answer",
        "chat_id": customer.id,
        "callback_query_id": query_id,
        "text": "Готово",
        "show_alert": True,
        "url": None,
    }
    with pytest.raises(TelegramBadRequest, match="query is too old"):
        await bot.answer_callback_query(query_id)


async def test_an_old_callback_query_cannot_be_answered() -> None:
    clock = FakeMonotonic()
    async with EmulatorHarness(monotonic=clock) as emu:
        customer = await emu.new_user()
        bot = emu.make_bot()
        await bot.send_message(customer.id, "Счёт", reply_markup=keyboard())
        query_id = await customer.click("pay:1")
        assert query_id is not None
        clock.now += 16
        with pytest.raises(
            TelegramBadRequest, match="query is too old and response timeout expired"
        ):
            await bot.answer_callback_query(query_id)
        await bot.session.close()


async def test_a_button_that_is_not_there_cannot_be_pressed(bot: Bot, customer: UserClient) -> None:
    sent = await bot.send_message(customer.id, "Без кнопок")
    with pytest.raises(KitError, match="no button"):
        await customer.harness.control(
            "POST",
            f"/_emu/users/{customer.id}/click",
            json={"chat_id": customer.id, "message_id": sent.message_id, "callback_data": "forged"},
        )


async def test_chat_actions(bot: Bot, customer: UserClient) -> None:
    assert await bot.send_chat_action(customer.id, "typing")
    with pytest.raises(TelegramBadRequest, match="wrong parameter action"):
        await bot.send_chat_action(customer.id, "dancing")


async def test_chat_members(bot: Bot, emulator: EmulatorHarness, customer: UserClient) -> None:
    operator = await emulator.new_user(first_name="Оператор")
    await emulator.staff.add_member(operator, "administrator")
    member = await bot.get_chat_member(emulator.staff_chat_id, operator.id)
    assert member.status == "administrator"
    assert (await bot.get_chat_member(emulator.staff_chat_id, customer.id)).status == "left"
    assert (await bot.get_chat_member(customer.id, customer.id)).status == "member"
    assert (await bot.get_chat_member(emulator.staff_chat_id, bot.id)).status == "administrator"
    with pytest.raises(TelegramBadRequest, match="chat not found"):
        await bot.get_chat_member(-42, customer.id)


async def test_forum_topics_in_the_staff_group(bot: Bot, emulator: EmulatorHarness) -> None:
    staff = emulator.staff
    topic = await bot.create_forum_topic(staff.chat_id, "Заявка №7")
    assert [t["name"] for t in await staff.topics()] == ["Заявка №7"]
    await bot.send_message(staff.chat_id, "Новая заявка", message_thread_id=topic.message_thread_id)
    seen = await staff.expect_message(contains="Новая заявка", thread_id=topic.message_thread_id)
    assert seen.raw["is_topic_message"] is True

    assert await bot.edit_forum_topic(
        staff.chat_id, topic.message_thread_id, name="Заявка №7 (фото)"
    )
    with pytest.raises(TelegramBadRequest, match="TOPIC_NOT_MODIFIED"):
        await bot.edit_forum_topic(staff.chat_id, topic.message_thread_id, name="Заявка №7 (фото)")
    assert await bot.close_forum_topic(staff.chat_id, topic.message_thread_id)
    assert (await staff.topics())[0]["is_closed"] is True
    with pytest.raises(TelegramBadRequest, match="TOPIC_NOT_MODIFIED"):
        await bot.close_forum_topic(staff.chat_id, topic.message_thread_id)
    assert await bot.reopen_forum_topic(staff.chat_id, topic.message_thread_id)
    assert (await staff.topics())[0]["is_closed"] is False
    with pytest.raises(TelegramBadRequest, match="message thread not found"):
        await bot.send_message(staff.chat_id, "x", message_thread_id=9999)


async def test_topics_only_in_a_forum_and_with_rights(
    bot: Bot, emulator: EmulatorHarness, customer: UserClient
) -> None:
    with pytest.raises(TelegramBadRequest, match="the chat is not a forum"):
        await bot.create_forum_topic(customer.id, "Нет")
    await emulator.staff.set_bot_status("member")
    with pytest.raises(TelegramBadRequest, match="not enough rights"):
        await bot.create_forum_topic(emulator.staff_chat_id, "Нет")


async def test_staff_replies_in_a_topic_reach_the_bot(bot: Bot, emulator: EmulatorHarness) -> None:
    operator = await emulator.new_user(first_name="Оператор")
    await emulator.staff.add_member(operator)
    topic = await bot.create_forum_topic(emulator.staff_chat_id, "Вопрос клиента")
    await emulator.staff.send(operator, "Ответ клиенту", thread_id=topic.message_thread_id)
    message = (await bot.get_updates(timeout=0))[-1].message
    assert message is not None and message.message_thread_id == topic.message_thread_id
    assert message.reply_to_message is not None
    assert message.reply_to_message.forum_topic_created is not None  # as Telegram quotes it


async def test_privacy_mode_hides_chatter_from_a_bot_that_is_not_admin(
    bot: Bot, emulator: EmulatorHarness
) -> None:
    operator = await emulator.new_user(first_name="Оператор")
    await emulator.staff.add_member(operator)
    await emulator.staff.set_bot_status("member")
    await emulator.staff.send(operator, "просто разговор")
    await emulator.staff.send(operator, "/report")
    texts = [u.message.text for u in await bot.get_updates(timeout=0) if u.message]
    assert texts == ["/report"]


async def test_strangers_cannot_write_in_the_staff_group(
    emulator: EmulatorHarness, customer: UserClient
) -> None:
    with pytest.raises(KitError, match="not a member"):
        await emulator.staff.send(customer, "можно к вам?")


async def test_anonymous_admins_write_as_the_group(bot: Bot, emulator: EmulatorHarness) -> None:
    await emulator.staff.send_anonymously("Объявление")
    message = (await bot.get_updates(timeout=0))[-1].message
    assert message is not None and message.sender_chat is not None
    assert message.sender_chat.id == emulator.staff_chat_id


async def test_commands(bot: Bot) -> None:
    commands = [
        BotCommand(command="start", description="Начать"),
        BotCommand(command="cancel", description="Отмена"),
    ]
    assert await bot.set_my_commands(commands)
    assert [(c.command, c.description) for c in await bot.get_my_commands()] == [
        ("start", "Начать"),
        ("cancel", "Отмена"),
    ]
    with pytest.raises(TelegramBadRequest, match="BOT_COMMAND_INVALID"):
        await bot.set_my_commands([BotCommand(command="Старт", description="x")])
    assert await bot.delete_my_commands()
    assert await bot.get_my_commands() == []
