"""The readings dialog's Telegram side alone, in a process of its own: the same updates, answers
and keyboards as the cabinet's dialog, from a bot that does nothing else (FSM in memory, no
database). What it costs is the floor under the cabinet's own work.

`python -m benchmarks.telegram_side_bot CUSTOMERS.json` with BOT_TOKEN and TELEGRAM_API_URL set;
the file maps each chat id to the customer's number (their accounts' numbers follow from it)."""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path

from aiogram import Dispatcher, F, Router
from aiogram.types import (
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    Message,
    ReplyKeyboardMarkup,
)

from benchmarks.echo_bot import serve
from bot.handlers.common.dialog import together

ACCOUNTS_EACH = 4


def account_number(customer: int, index: int) -> str:
    return f"{500_000_000 + customer * ACCOUNTS_EACH + index}"


def telegram_side_dispatcher(customers: dict[int, int]) -> Dispatcher:
    router = Router()
    menu = ReplyKeyboardMarkup(
        keyboard=[
            [KeyboardButton(text=f"Раздел {row}{column}") for column in "ab"] for row in "123"
        ],
        resize_keyboard=True,
        is_persistent=True,
    )

    @router.message(F.text == "📟 Передать показания")
    async def accounts(message: Message) -> None:
        customer = customers[message.chat.id]
        numbers = [account_number(customer, index) for index in range(ACCOUNTS_EACH)]
        buttons = [
            [InlineKeyboardButton(text=f"Лицевой счёт № {number}", callback_data=f"a:{index}")]
            for index, number in enumerate(numbers)
        ]
        keyboard = InlineKeyboardMarkup(inline_keyboard=buttons)
        await message.answer("Выберите лицевой счёт:", reply_markup=keyboard)

    @router.callback_query(F.data.startswith("a:"))
    async def account(query: CallbackQuery) -> None:
        if isinstance(query.message, Message):
            prompt = query.message.answer("Счётчик № 9500000000\nВведите показания:")
            await together(query.answer(), prompt)

    @router.message(F.text)
    async def value(message: Message) -> None:
        buttons = [
            [InlineKeyboardButton(text=text, callback_data=f"s:{action}:0123456789abcdef")]
            for action, text in (("send", "✅ Отправить"), ("fix", "Исправить"), ("ph", "Фото"))
        ]
        keyboard = InlineKeyboardMarkup(inline_keyboard=buttons)
        await message.answer(f"Проверьте показания: {message.text}", reply_markup=keyboard)

    @router.callback_query(F.data.startswith("s:"))
    async def send(query: CallbackQuery) -> None:
        if isinstance(query.message, Message):
            dropped = query.message.edit_reply_markup(reply_markup=None)
            result = query.message.answer("Показания приняты", reply_markup=menu)
            await together(query.answer(), dropped, result)

    dispatcher = Dispatcher()
    dispatcher.include_router(router)
    return dispatcher


if __name__ == "__main__":
    numbers = json.loads(Path(sys.argv[1]).read_text())
    customers = {int(chat): int(number) for chat, number in numbers.items()}
    asyncio.run(serve(telegram_side_dispatcher(customers)))
