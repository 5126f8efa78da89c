from __future__ import annotations

from pathlib import Path

import pytest

from core.bills.service import BillsService
from core.clock import FrozenClock
from core.settings import Settings
from storage.uow import UnitOfWorkFactory
from tests.core.accounts.seed import NOW, Seed


@pytest.fixture
def bill_settings(tmp_path: Path) -> Settings:
    return Settings(_env_file=None, timezone="Europe/Moscow", files_dir=str(tmp_path / "files"))


@pytest.fixture
def seed(uow_factory: UnitOfWorkFactory) -> Seed:
    return Seed(uow_factory)


@pytest.fixture
def bills(uow_factory: UnitOfWorkFactory, bill_settings: Settings) -> BillsService:
    return BillsService(uow_factory, FrozenClock(NOW), bill_settings)
