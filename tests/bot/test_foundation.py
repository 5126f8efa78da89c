"""The bot's foundation through the emulator: texts in the user's language, errors answered."""

from __future__ import annotations

import threading

from aiogram import Router
from aiogram.fsm.storage.memory import MemoryStorage
from aiogram.types import Message

from bot.app import build_dispatcher
from bot.handlers.routers import create_routers
from tests.bot.kit import BotWorld


async def test_unknown_text_gets_a_hint_in_russian(world: BotWorld) -> None:
    user = await world.customer(language_code="ru")
    await user.send("привет")
    assert "Выберите раздел в меню" in (await user.expect_message()).text


async def test_unknown_text_gets_a_hint_in_english(world: BotWorld) -> None:
    user = await world.customer(language_code="en-GB")
    await user.send("hello")
    assert "Choose a section in the menu" in (await user.expect_message()).text


async def test_a_failing_handler_answers_politely_and_the_bot_goes_on(world: BotWorld) -> None:
    await world.stop_bot()
    broken = Router()

    @broken.message(lambda message: message.text == "boom")
    async def explode(message: Message) -> None:
        raise RuntimeError("database is down")

    dispatcher = build_dispatcher(
        MemoryStorage(), world.cabinet, routers=[broken, *create_routers()]
    )
    user = await world.customer()
    async with world.emu.run_bot(dispatcher):
        await user.send("boom")
        assert "Что-то пошло не так" in (await user.expect_message()).text
        await user.send("ещё раз")
        assert "Выберите раздел" in (await user.expect_message()).text
    await world.start_bot()


async def test_plain_filters_run_on_the_event_loop_and_still_choose_the_handler(
    world: BotWorld,
) -> None:
    await world.stop_bot()
    checked_on: set[int] = set()
    pinged = Router()

    def says_ping(message: Message) -> bool:
        checked_on.add(threading.get_ident())
        return message.text == "ping"

    @pinged.message(says_ping)
    async def pong(message: Message) -> None:
        await message.answer("pong")

    dispatcher = build_dispatcher(
        MemoryStorage(), world.cabinet, routers=[pinged, *create_routers()]
    )
    user = await world.customer()
    async with world.emu.run_bot(dispatcher):
        await user.send("ping")
        assert (await user.expect_message()).text == "pong"
        await user.send("не ping")
        assert "Выберите раздел" in (await user.expect_message()).text
    assert checked_on == {threading.get_ident()}
    await world.start_bot()
