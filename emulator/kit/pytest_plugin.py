"""pytest fixtures for bot tests: `emulator` (limits off) and `emulator_with_limits`.

Registered in tests/conftest.py through `pytest_plugins`."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from emulator.kit.harness import EmulatorHarness


@pytest.fixture
async def emulator() -> AsyncIterator[EmulatorHarness]:
    async with EmulatorHarness() as emu:
        yield emu


@pytest.fixture
async def emulator_with_limits() -> AsyncIterator[EmulatorHarness]:
    async with EmulatorHarness(flood_limits=True) as emu:
        yield emu
