"""What customers send through the bot is what billing gets: readings sent in the dialog, then
the real `cabinet export readings` on the same database."""

from __future__ import annotations

import asyncio
import csv
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from cli.main import main as cabinet
from storage.schema import ensure_schema
from tests.bot.kit import BotWorld, bot_world
from tests.bot.readings_scene import meter_with_history
from tests.bot.signed_in import SignedInCustomer, linked_account, signed_in_customer
from tests.core.accounts.seed import Seed

HEADER = ["account_number", "serial", "zone", "taken_on", "value", "source", "status"]


@pytest.fixture
async def migrated_world(empty_sqlite_engine: AsyncEngine) -> AsyncIterator[BotWorld]:
    """The bot on a database built by the migrations, as `cabinet db upgrade` builds it: the
    CLI migrates to head before it exports, which a `create_all` schema (no revision) refuses."""
    await ensure_schema(empty_sqlite_engine)
    async with bot_world(empty_sqlite_engine) as running:
        yield running


async def send_readings(customer: SignedInCustomer, account: str, values: list[str]) -> None:
    """The dialog with the account chosen, one value per zone, and «Отправить»."""
    await customer.client.send("📟 Передать показания")
    await customer.client.expect_message(contains="Выберите лицевой счёт")
    await customer.client.click(f"Лицевой счёт № {account}")
    for value in values:
        await customer.client.expect_message(contains="Введите")
        await customer.client.send(value)
    await customer.client.expect_message(contains="Проверьте показания")
    await customer.client.click("✅ Отправить")
    await customer.client.expect_message(contains="Показания приняты")


async def test_export_returns_exactly_what_was_sent_through_the_bot(
    migrated_world: BotWorld, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    world = migrated_world
    seed = Seed(world.cabinet.uow_factory)
    anna = await signed_in_customer(world)
    single = await linked_account(world, seed, anna.user.id, "110000001")
    double = await linked_account(world, seed, anna.user.id, "110000002")
    await meter_with_history(seed, single, "67005887", {"T": ("12000", "12345")})
    await meter_with_history(
        seed, double, "55501234", {"T1": ("8000", "8200"), "T2": ("3000", "3100")}, decimals=1
    )

    await send_readings(anna, "110000001", ["12 500"])
    await send_readings(anna, "110000002", ["8350,5", "3160 кВт·ч"])

    out = tmp_path / "readings-2026-11.csv"
    monkeypatch.setenv("DATABASE_URL", world.engine.url.render_as_string(hide_password=False))
    # The CLI runs its own event loop, as from a shell: in a thread of its own here.
    code = await asyncio.to_thread(
        cabinet, ["export", "readings", "--period", "2026-11", "--out", str(out)]
    )

    assert code == 0
    with out.open(encoding="utf-8", newline="") as exported:
        rows = list(csv.reader(exported))
    assert rows == [
        HEADER,
        ["110000001", "67005887", "T", "2026-11-18", "12500", "bot", "accepted"],
        ["110000002", "55501234", "T1", "2026-11-18", "8350.5", "bot", "accepted"],
        ["110000002", "55501234", "T2", "2026-11-18", "3160", "bot", "accepted"],
    ]
