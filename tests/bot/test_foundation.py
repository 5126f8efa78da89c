"""The bot's foundation through the emulator: texts in the user's language, errors answered."""

from __future__ import annotations

from aiogram import Router
from aiogram.fsm.storage.memory import MemoryStorage
from aiogram.types import Message

from bot.app import build_dispatcher
from bot.handlers import create_routers
from emulator.kit.harness import EmulatorHarness


async def test_unknown_text_gets_a_hint_in_russian(emulator: EmulatorHarness) -> None:
    user = await emulator.new_user(language_code="ru")
    async with emulator.run_bot(build_dispatcher(MemoryStorage())):
        await user.send("привет")
        reply = await user.expect_message()
    assert "Выберите раздел в меню" in reply.text


async def test_unknown_text_gets_a_hint_in_english(emulator: EmulatorHarness) -> None:
    user = await emulator.new_user(language_code="en-GB")
    async with emulator.run_bot(build_dispatcher(MemoryStorage())):
        await user.send("hello")
        reply = await user.expect_message()
    assert "Choose a section in the menu" in reply.text


async def test_a_failing_handler_answers_politely_and_the_bot_goes_on(
    emulator: EmulatorHarness,
) -> None:
    broken = Router()

    @broken.message(lambda message: message.text == "boom")
    async def explode(message: Message) -> None:
        raise RuntimeError("database is down")

    dispatcher = build_dispatcher(MemoryStorage(), routers=[broken, *create_routers()])
    user = await emulator.new_user()
    async with emulator.run_bot(dispatcher):
        await user.send("boom")
        assert "Что-то пошло не так" in (await user.expect_message()).text
        await user.send("ещё раз")
        assert "Выберите раздел" in (await user.expect_message()).text
