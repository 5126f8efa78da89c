from __future__ import annotations

import pytest

from core.clock import FrozenClock
from core.readings.service import ReadingsService
from storage.uow import UnitOfWorkFactory
from tests.core.accounts.seed import NOW, Seed, settings


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(NOW)


@pytest.fixture
def seed(uow_factory: UnitOfWorkFactory) -> Seed:
    return Seed(uow_factory)


@pytest.fixture
def readings(uow_factory: UnitOfWorkFactory, clock: FrozenClock) -> ReadingsService:
    return ReadingsService(uow_factory, clock, settings())
