"""Sending, editing, deleting, forwarding and copying messages, with Telegram's limits and errors."""

from __future__ import annotations

import aiohttp
import pytest
from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest, TelegramForbiddenError
from aiogram.types import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
    ReplyParameters,
)

from emulator.kit import EmulatorHarness, UserClient


def keyboard(data: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text="Кнопка", callback_data=data)]]
    )


async def test_a_sent_message_reaches_the_customer(bot: Bot, customer: UserClient) -> None:
    sent = await bot.send_message(
        customer.id, "Здравствуйте, <b>Анна</b>!", reply_markup=keyboard("k")
    )
    seen = await customer.expect_message(contains="Здравствуйте, Анна!")
    assert seen.message_id == sent.message_id
    assert seen.buttons == [["Кнопка"]]
    assert sent.from_user is not None and sent.from_user.is_bot
    assert sent.chat.type == "private"


async def test_text_is_1_to_4096_characters_after_entity_parsing(
    bot: Bot, customer: UserClient
) -> None:
    await bot.send_message(customer.id, "<b>" + "я" * 4096 + "</b>")
    with pytest.raises(TelegramBadRequest, match="message is too long"):
        await bot.send_message(customer.id, "я" * 4097)
    with pytest.raises(TelegramBadRequest, match="message text is empty"):
        await bot.send_message(customer.id, "<b></b>")


async def test_malformed_html_is_refused(bot: Bot, customer: UserClient) -> None:
    with pytest.raises(TelegramBadRequest, match="can't parse entities: Unsupported start tag"):
        await bot.send_message(customer.id, "Сумма <100 ₽")


async def test_callback_data_is_1_to_64_bytes(bot: Bot, customer: UserClient) -> None:
    await bot.send_message(customer.id, "ok", reply_markup=keyboard("я" * 32))
    with pytest.raises(TelegramBadRequest, match="BUTTON_DATA_INVALID"):
        await bot.send_message(customer.id, "too long", reply_markup=keyboard("я" * 32 + "x"))


async def test_an_unknown_chat_and_a_blocked_user(bot: Bot, customer: UserClient) -> None:
    with pytest.raises(TelegramBadRequest, match="chat not found"):
        await bot.send_message(424242, "кто здесь?")
    await customer.block()
    with pytest.raises(TelegramForbiddenError, match="Forbidden: bot was blocked by the user"):
        await bot.send_message(customer.id, "привет")
    await customer.unblock()
    await bot.send_message(customer.id, "снова привет")


async def test_editing_text_and_keyboard(bot: Bot, customer: UserClient) -> None:
    sent = await bot.send_message(customer.id, "Шаг 1", reply_markup=keyboard("a"))
    edited = await bot.edit_message_text("Шаг 2", chat_id=customer.id, message_id=sent.message_id)
    assert isinstance(edited, object)
    seen = await customer.expect_edit(contains="Шаг 2")
    assert seen.buttons == []  # an edit without reply_markup drops the keyboard, as in Telegram
    await bot.edit_message_reply_markup(
        chat_id=customer.id, message_id=sent.message_id, reply_markup=keyboard("b")
    )
    assert (await customer.expect_edit()).buttons == [["Кнопка"]]


async def test_editing_with_identical_content_is_not_modified(
    bot: Bot, customer: UserClient
) -> None:
    sent = await bot.send_message(customer.id, "<b>Итог</b>", reply_markup=keyboard("a"))
    with pytest.raises(TelegramBadRequest, match="message is not modified"):
        await bot.edit_message_text(
            "<b>Итог</b>",
            chat_id=customer.id,
            message_id=sent.message_id,
            reply_markup=keyboard("a"),
        )
    with pytest.raises(TelegramBadRequest, match="message is not modified"):
        await bot.edit_message_reply_markup(
            chat_id=customer.id, message_id=sent.message_id, reply_markup=keyboard("a")
        )


async def test_editing_a_message_that_is_not_there(bot: Bot, customer: UserClient) -> None:
    with pytest.raises(TelegramBadRequest, match="message to edit not found"):
        await bot.edit_message_text("x", chat_id=customer.id, message_id=999)
    mine = await customer.send("мой текст")
    with pytest.raises(TelegramBadRequest, match="message can't be edited"):
        await bot.edit_message_text("x", chat_id=customer.id, message_id=mine.message_id)


async def test_deleting_messages(bot: Bot, customer: UserClient) -> None:
    password = await customer.send("секрет123")
    assert await bot.delete_message(customer.id, password.message_id)
    with pytest.raises(TelegramBadRequest, match="message to delete not found"):
        await bot.delete_message(customer.id, password.message_id)
    assert "(deleted)" in customer.transcript()


async def test_forwarding_and_copying(
    bot: Bot, emulator: EmulatorHarness, customer: UserClient
) -> None:
    question = await customer.send("Когда придёт счёт?")
    forwarded = await bot.forward_message(emulator.staff_chat_id, customer.id, question.message_id)
    assert forwarded.forward_origin is not None
    assert forwarded.forward_origin.type == "user"
    staff_copy = await emulator.staff.expect_message(contains="Когда придёт счёт?")
    assert staff_copy.raw["forward_origin"]["sender_user"]["id"] == customer.id

    copy = await bot.copy_message(customer.id, emulator.staff_chat_id, forwarded.message_id)
    copied = await customer.expect_message(contains="Когда придёт счёт?")
    assert copied.message_id == copy.message_id and "forward_origin" not in copied.raw
    with pytest.raises(TelegramBadRequest, match="message to forward not found"):
        await bot.forward_message(emulator.staff_chat_id, customer.id, 999)


async def test_replies_quote_the_message(bot: Bot, customer: UserClient) -> None:
    question = await customer.send("Вопрос")
    answer = await bot.send_message(
        customer.id, "Ответ", reply_parameters=ReplyParameters(message_id=question.message_id)
    )
    assert answer.reply_to_message is not None and answer.reply_to_message.text == "Вопрос"
    with pytest.raises(TelegramBadRequest, match="message to be replied not found"):
        await bot.send_message(customer.id, "x", reply_parameters=ReplyParameters(message_id=999))


async def test_reply_keyboards_are_kept_for_the_chat(bot: Bot, customer: UserClient) -> None:
    markup = ReplyKeyboardMarkup(keyboard=[[KeyboardButton(text="Баланс")]], resize_keyboard=True)
    await bot.send_message(customer.id, "Меню", reply_markup=markup)
    assert (await customer.expect_message()).reply_keyboard == [["Баланс"]]
    assert customer.reply_keyboard == ["Баланс"]
    await bot.send_message(customer.id, "Убрал", reply_markup=ReplyKeyboardRemove())
    await customer.expect_message(contains="Убрал")
    assert customer.reply_keyboard == []


async def test_json_and_urlencoded_bodies_are_accepted(
    emulator: EmulatorHarness, customer: UserClient
) -> None:
    url = f"{emulator.api_base}/bot{emulator.token}/sendMessage"
    async with aiohttp.ClientSession() as http:
        async with http.post(url, json={"chat_id": customer.id, "text": "json"}) as response:
            assert (await response.json())["result"]["text"] == "json"
        async with http.post(url, data={"chat_id": str(customer.id), "text": "form"}) as response:
            assert (await response.json())["result"]["text"] == "form"
        async with http.get(url, params={"chat_id": str(customer.id), "text": "query"}) as response:
            assert (await response.json())["ok"] is True


async def test_unknown_methods_and_bad_tokens(emulator: EmulatorHarness) -> None:
    async with aiohttp.ClientSession() as http:
        async with http.post(f"{emulator.api_base}/bot{emulator.token}/sendTelepathy") as response:
            assert response.status == 404
            assert await response.json() == {
                "ok": False,
                "error_code": 404,
                "description": "Not Found",
            }
        async with http.post(f"{emulator.api_base}/botnot-a-token/getMe") as response:
            assert response.status == 404
        async with http.post(f"{emulator.api_base}/bot42:OtherBotsSecret/getMe") as response:
            assert response.status == 401
            assert (await response.json())["description"] == "Unauthorized"
        async with http.post(f"{emulator.api_base}/bot{emulator.token}/GETME") as response:
            assert (await response.json())["result"]["is_bot"] is True


async def test_an_unknown_parameter_is_refused_over_http(
    emulator: EmulatorHarness, customer: UserClient
) -> None:
    url = f"{emulator.api_base}/bot{emulator.token}/sendMessage"
    body = {"chat_id": customer.id, "text": "x", "colour": "red"}
    async with aiohttp.ClientSession() as http, http.post(url, json=body) as response:
        assert response.status == 400
        assert await response.json() == {
            "ok": False,
            "error_code": 400,
            "description": 'Bad Request: unknown parameter "colour" in method sendMessage',
        }
