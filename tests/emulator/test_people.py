"""What a customer does through the kit: contacts, keyboards, forwards, blocking, waiting."""

from __future__ import annotations

import pytest
from aiogram import Bot
from aiogram.types import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
)

from emulator.kit import EmulatorHarness, ExpectationFailed, KitError, UserClient


async def test_sharing_ones_own_contact(bot: Bot, customer: UserClient) -> None:
    await customer.share_contact()
    message = (await bot.get_updates(timeout=0))[-1].message
    assert message is not None and message.contact is not None and message.from_user is not None
    assert message.contact.phone_number == "+79990001122"
    assert message.contact.user_id == message.from_user.id == customer.id
    assert message.forward_origin is None


async def test_sharing_someone_elses_or_a_forwarded_contact(
    bot: Bot, emulator: EmulatorHarness, customer: UserClient
) -> None:
    neighbour = await emulator.new_user(first_name="Сосед", phone="+79995556677")
    await customer.share_contact(owner=neighbour)
    await customer.share_contact(forwarded=True)
    await customer.share_contact(phone="+70000000000")
    updates = await bot.get_updates(timeout=0)
    contacts = [u.message for u in updates if u.message and u.message.contact]
    assert contacts[0].contact is not None and contacts[0].contact.user_id == neighbour.id
    assert contacts[1].forward_origin is not None
    assert contacts[2].contact is not None and contacts[2].contact.phone_number == "+70000000000"


async def test_a_request_contact_button_shares_the_contact(bot: Bot, customer: UserClient) -> None:
    markup = ReplyKeyboardMarkup(
        keyboard=[[KeyboardButton(text="Отправить номер", request_contact=True)]],
        resize_keyboard=True,
        one_time_keyboard=True,
    )
    await bot.send_message(customer.id, "Поделитесь номером", reply_markup=markup)
    await customer.expect_message(contains="Поделитесь номером")
    assert customer.reply_keyboard == ["Отправить номер"]
    assert await customer.click("Отправить номер") is None
    message = (await bot.get_updates(timeout=0))[-1].message
    assert message is not None and message.contact is not None
    assert message.contact.user_id == customer.id
    assert customer.reply_keyboard == []  # a one-time keyboard hides after use


async def test_a_plain_keyboard_button_sends_its_text(bot: Bot, customer: UserClient) -> None:
    markup = ReplyKeyboardMarkup(
        keyboard=[[KeyboardButton(text="Передать показания")]], resize_keyboard=True
    )
    await bot.send_message(customer.id, "Меню", reply_markup=markup)
    await customer.click("Передать показания")
    message = (await bot.get_updates(timeout=0))[-1].message
    assert message is not None and message.text == "Передать показания"


async def test_a_command_carries_its_entity(bot: Bot, customer: UserClient) -> None:
    await customer.send("/start deep-link")
    message = (await bot.get_updates(timeout=0))[-1].message
    assert message is not None and message.entities is not None
    assert (message.entities[0].type, message.entities[0].length) == ("bot_command", 6)


async def test_forwarding_a_bot_message_back(bot: Bot, customer: UserClient) -> None:
    await bot.send_message(customer.id, "Квитанция")
    bill = await customer.expect_message()
    await customer.forward(bill)
    message = (await bot.get_updates(timeout=0))[-1].message
    assert message is not None and message.forward_origin is not None
    assert message.text == "Квитанция"


async def test_blocking_tells_the_bot(bot: Bot, customer: UserClient) -> None:
    await customer.block()
    update = (await bot.get_updates(timeout=0))[-1]
    assert update.my_chat_member is not None
    assert update.my_chat_member.new_chat_member.status == "kicked"
    with pytest.raises(KitError, match="blocked the bot"):
        await customer.send("привет")
    await customer.unblock()
    update = (await bot.get_updates(offset=update.update_id + 1, timeout=0))[-1]
    assert update.my_chat_member is not None
    assert update.my_chat_member.new_chat_member.status == "member"


async def test_expect_no_message_fails_when_the_bot_speaks(bot: Bot, customer: UserClient) -> None:
    await customer.expect_no_message(within=0.05)
    await bot.send_message(customer.id, "Неожиданно")
    with pytest.raises(ExpectationFailed, match="Неожиданно"):
        await customer.expect_no_message()


async def test_expect_message_checks_the_next_message(bot: Bot, customer: UserClient) -> None:
    await bot.send_message(customer.id, "Первое")
    await bot.send_message(customer.id, "Второе")
    with pytest.raises(ExpectationFailed) as failure:
        await customer.expect_message(contains="Второе")
    assert "does not contain 'Второе'" in str(failure.value)
    assert "← bot: Второе" in str(failure.value)
    assert (await customer.expect_message()).text == "Второе"


async def test_the_state_lists_people_and_chats(
    emulator: EmulatorHarness, customer: UserClient
) -> None:
    state = await emulator.state()
    assert state["users"][0]["phone_number"] == "+79990001122"
    assert {chat["id"] for chat in state["chats"]} == {customer.id, emulator.staff_chat_id}
    messages = await emulator.control("GET", f"/_emu/chats/{customer.id}/messages?after_id=0")
    assert messages == []
    await customer.send("раз")
    listed = await emulator.control("GET", f"/_emu/chats/{customer.id}/messages")
    assert [(m["text"], m["outgoing"], m["deleted"]) for m in listed] == [("раз", False, False)]
    assert await emulator.control("POST", "/_emu/reset") is True
    assert (await emulator.state())["users"] == []


async def test_a_crafted_press_sends_data_that_no_button_carries(
    bot: Bot, emulator: EmulatorHarness, customer: UserClient
) -> None:
    keyboard = InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text="OK", callback_data="ok:1")]]
    )
    sent = await bot.send_message(customer.id, "Выберите", reply_markup=keyboard)
    await customer.expect_message(contains="Выберите")
    with pytest.raises(KitError, match="no button"):
        await emulator.control(
            "POST",
            f"/_emu/users/{customer.id}/click",
            json={"chat_id": customer.id, "message_id": sent.message_id, "callback_data": "x:9"},
        )
    await customer.click_crafted("account:999")
    query = (await bot.get_updates(timeout=0))[-1].callback_query
    assert query is not None and query.data == "account:999"
    assert query.message is not None and query.message.message_id == sent.message_id
