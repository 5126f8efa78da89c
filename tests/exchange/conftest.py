"""Fixtures of the billing exchange tests: the exchange on a real database and CSV files."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from core.clock import FrozenClock
from core.exchange import BillingExchange
from core.settings import Settings
from storage.database import create_session_factory
from storage.uow import unit_of_work_factory

NOW = datetime(2025, 3, 20, 9, 0, tzinfo=UTC)

WriteCsv = Callable[[str, str], Path]


def exchange_on(engine: AsyncEngine) -> BillingExchange:
    return BillingExchange(
        unit_of_work_factory(create_session_factory(engine)),
        FrozenClock(NOW),
        Settings(timezone="Europe/Moscow"),
    )


@pytest.fixture
def exchange(any_engine: AsyncEngine) -> BillingExchange:
    return exchange_on(any_engine)


@pytest.fixture
def write_csv(tmp_path: Path) -> WriteCsv:
    """Writes text (a dedented CSV) to a file and returns its path."""

    def write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.write_text(text.lstrip("\n"), encoding="utf-8")
        return path

    return write
