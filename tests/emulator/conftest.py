"""Fixtures for the emulator's own tests: a real aiogram Bot talking HTTP to the emulator."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from aiogram import Bot

from emulator.kit import EmulatorHarness, UserClient


@pytest.fixture
async def bot(emulator: EmulatorHarness) -> AsyncIterator[Bot]:
    bot = emulator.make_bot()
    yield bot
    await bot.session.close()


@pytest.fixture
async def customer(emulator: EmulatorHarness) -> UserClient:
    return await emulator.new_user(first_name="Анна", last_name="Петрова", phone="+79990001122")
