"""Telegram's flood limits: per chat a burst then ~1/s, groups 20 a minute, ~30/s overall."""

from __future__ import annotations

import pytest
from aiogram.exceptions import TelegramRetryAfter

from emulator.errors import BotApiError
from emulator.kit import EmulatorHarness
from emulator.limits import FloodControl


class FakeMonotonic:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def refused_after(flood: FloodControl, chat_id: int, is_group: bool, attempts: int) -> int:
    """How many messages went through before the first 429 (or all of them)."""
    for sent in range(attempts):
        try:
            flood.take(chat_id, is_group)
        except BotApiError as error:
            assert error.error_code == 429
            return sent
    return attempts


def test_a_private_chat_takes_a_short_burst_then_one_a_second() -> None:
    clock = FakeMonotonic()
    flood = FloodControl(clock)
    assert refused_after(flood, 1, False, 10) == 3
    clock.now += 1
    assert refused_after(flood, 1, False, 10) == 1
    clock.now += 0.5
    assert refused_after(flood, 1, False, 10) == 0


def test_a_429_says_when_to_retry_in_whole_seconds() -> None:
    flood = FloodControl(FakeMonotonic())
    refused_after(flood, 1, True, 20)
    with pytest.raises(BotApiError) as refused:
        flood.take(1, True)
    assert refused.value.retry_after == 3  # 20 a minute: one every 3 s
    assert refused.value.to_json() == {
        "ok": False,
        "error_code": 429,
        "description": "Too Many Requests: retry after 3",
        "parameters": {"retry_after": 3},
    }


def test_a_group_takes_20_a_minute() -> None:
    clock = FakeMonotonic()
    flood = FloodControl(clock)
    assert refused_after(flood, -100, True, 30) == 20
    clock.now += 60
    assert refused_after(flood, -100, True, 30) == 20


def test_the_bot_sends_about_30_a_second_overall() -> None:
    clock = FakeMonotonic()
    flood = FloodControl(clock)
    sent = sum(refused_after(flood, chat_id, False, 1) for chat_id in range(100))
    assert sent == 30
    clock.now += 1
    assert sum(refused_after(flood, chat_id, False, 1) for chat_id in range(100, 200)) == 30


async def test_an_aiogram_bot_gets_retry_after() -> None:
    clock = FakeMonotonic()
    async with EmulatorHarness(flood_limits=True, monotonic=clock) as emu:
        customer = await emu.new_user()
        bot = emu.make_bot()
        for _ in range(3):
            await bot.send_message(customer.id, "быстро")
        with pytest.raises(TelegramRetryAfter) as refused:
            await bot.send_message(customer.id, "слишком быстро")
        assert refused.value.retry_after == 1
        clock.now += 1
        await bot.send_message(customer.id, "через секунду")
        await emu.set_flood_limits(False)
        for _ in range(10):
            await bot.send_message(customer.id, "без ограничений")
        await bot.session.close()
