from __future__ import annotations

import pytest

from core.accounts.service import AccountsService
from core.clock import FrozenClock
from storage.uow import UnitOfWorkFactory
from tests.core.accounts.seed import NOW, Seed, settings


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(NOW)


@pytest.fixture
def seed(uow_factory: UnitOfWorkFactory) -> Seed:
    return Seed(uow_factory)


@pytest.fixture
def accounts(uow_factory: UnitOfWorkFactory, clock: FrozenClock) -> AccountsService:
    return AccountsService(uow_factory, clock, settings())
