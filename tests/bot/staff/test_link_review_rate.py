"""The staff group's sender against the emulator's flood control (Telegram's 20 messages a
minute per group), on a clock both share, so a minute of waiting takes no time."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from aiogram import Bot
from aiogram.exceptions import TelegramRetryAfter
from aiogram.methods import SendMessage

from bot.staff_group import StaffGroupSender
from emulator.config import EmulatorConfig
from emulator.kit.harness import EmulatorHarness


class SharedTime:
    """`monotonic` for the emulator and the sender alike; `sleep` moves it on at once."""

    def __init__(self) -> None:
        self.now = 1000.0

    def monotonic(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += seconds
        await asyncio.sleep(0)


@pytest.fixture
def time() -> SharedTime:
    return SharedTime()


@pytest.fixture
async def emulator(time: SharedTime) -> AsyncIterator[EmulatorHarness]:
    config = EmulatorConfig(smtp_port=0)
    async with EmulatorHarness(flood_limits=True, monotonic=time.monotonic, config=config) as emu:
        yield emu


@pytest.fixture
async def bot(emulator: EmulatorHarness) -> AsyncIterator[Bot]:
    bot = emulator.make_bot()
    yield bot
    await bot.session.close()


def note(emulator: EmulatorHarness, number: int) -> SendMessage:
    return SendMessage(chat_id=emulator.staff_chat_id, text=f"Заявка №{number}")


async def test_the_group_limit_is_real_without_the_sender(
    emulator: EmulatorHarness, bot: Bot
) -> None:
    for number in range(20):
        await bot(note(emulator, number))

    with pytest.raises(TelegramRetryAfter) as flood:
        await bot(note(emulator, 20))

    assert flood.value.retry_after == 3


async def test_twenty_five_requests_at_once_all_arrive_without_a_single_429(
    emulator: EmulatorHarness, bot: Bot, time: SharedTime
) -> None:
    sender = StaffGroupSender(bot, emulator.staff_chat_id, time.monotonic, time.sleep)
    started = time.now

    await asyncio.gather(*(sender.post(note(emulator, number)) for number in range(25)))

    assert sender.flood_waits == 0
    texts = [(await emulator.staff.expect_message()).text for _ in range(25)]
    assert sorted(texts) == sorted(f"Заявка №{number}" for number in range(25))
    # 20 at once, then one every three seconds.
    assert 15 <= time.now - started < 16


async def test_a_429_from_elsewhere_is_waited_out_and_the_message_still_goes(
    emulator: EmulatorHarness, bot: Bot, time: SharedTime
) -> None:
    for number in range(20):  # another process used up the group's minute
        await bot(note(emulator, number))
    sender = StaffGroupSender(bot, emulator.staff_chat_id, time.monotonic, time.sleep)
    started = time.now

    sent = await sender.post(note(emulator, 20))

    assert sent.text == "Заявка №20"
    assert sender.flood_waits == 1
    assert time.now - started == 3
