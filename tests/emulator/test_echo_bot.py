"""A real aiogram Bot with an echo router, driven through the kit as a customer would."""

from __future__ import annotations

import pytest
from aiogram import Dispatcher, F, Router
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message

from emulator.kit import EmulatorHarness, ExpectationFailed


def echo_router() -> Router:
    router = Router()

    @router.message(F.text == "/menu")
    async def menu(message: Message) -> None:
        keyboard = InlineKeyboardMarkup(
            inline_keyboard=[
                [InlineKeyboardButton(text="Передать показания", callback_data="readings")]
            ]
        )
        await message.answer("Меню", reply_markup=keyboard)

    @router.callback_query(F.data == "readings")
    async def readings(query: CallbackQuery) -> None:
        await query.answer("Принято")
        assert isinstance(query.message, Message)
        await query.message.edit_text("Введите показания")

    @router.message(F.text)
    async def echo(message: Message) -> None:
        await message.answer(f"Эхо: <b>{message.text}</b>")

    return router


async def test_echo_bot_answers_a_customer(emulator: EmulatorHarness) -> None:
    dispatcher = Dispatcher()
    dispatcher.include_router(echo_router())
    user = await emulator.new_user(first_name="Анна")
    async with emulator.run_bot(dispatcher):
        await user.send("12345")
        reply = await user.expect_message(contains="Эхо: 12345")
        assert reply.raw["entities"] == [{"type": "bold", "offset": 5, "length": 5}]

        await user.send("/menu")
        menu = await user.expect_message(contains="Меню")
        assert menu.button_list == ["Передать показания"]
        await user.click("Передать показания")
        answer = await user.expect_callback_answer()
        assert answer["text"] == "Принято"
        edited = await user.expect_edit(contains="Введите показания")
        assert edited.buttons == []


async def test_a_missing_reply_fails_with_the_transcript(emulator: EmulatorHarness) -> None:
    user = await emulator.new_user(first_name="Пётр")
    await user.send("нет бота")
    with pytest.raises(ExpectationFailed) as failure:
        await user.expect_message(timeout=0.2)
    assert "→ Пётр: нет бота" in str(failure.value)
