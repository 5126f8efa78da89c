"""The readings dialog stays cheap: the SQL each step runs has a budget, and who is behind an
update is remembered between updates but never after a write that changes it."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.bot.kit import BotWorld, bot_world
from tests.bot.readings_scene import meter_with_history
from tests.bot.signed_in import linked_account, signed_in_customer
from tests.core.accounts.seed import Seed
from tests.sql import statement_words

SIGN_IN_FIRST = "Этот раздел доступен после входа"


@pytest.fixture
async def world(any_engine: AsyncEngine) -> AsyncIterator[BotWorld]:
    """The whole bot on SQLite and on PostgreSQL (skipped off CI when PostgreSQL is absent)."""
    async with bot_world(any_engine) as running:
        yield running


async def test_each_step_of_the_dialog_keeps_to_its_sql_budget(world: BotWorld, seed: Seed) -> None:
    anna = await signed_in_customer(world)
    first = await linked_account(world, seed, anna.user.id, "110000001")
    second = await linked_account(world, seed, anna.user.id, "110000002")
    for account, serial in ((first, "67005887"), (second, "67005888")):
        await meter_with_history(seed, account, serial, {"T": ("12000", "12345")})
    await anna.client.send("🏠 Главная")  # the first update reads who she is and her dialog
    for number in ("110000001", "110000002"):
        await anna.client.expect_message(contains=f"Лицевой счёт № {number}")

    # (action, answer, reads, writes): the identity and the dialog's record are remembered from
    # the first update; each step writes the record once (the submission adds its reading and
    # the audit line). Before this budget the same dialog took 44 statements.
    steps = [
        (anna.client.send("📟 Передать показания"), "Выберите лицевой счёт", 1, 1),
        (anna.client.click("Лицевой счёт № 110000002"), "Счётчик № 67005888", 3, 1),
        (anna.client.send("12 500"), "Проверьте показания", 4, 1),
        (anna.client.click("✅ Отправить"), "Показания приняты", 7, 3),
    ]
    for action, answer, reads, writes in steps:
        # The notifications' sender polls the outbox on its own schedule: not the dialog's.
        with statement_words(world.engine, skip="outbox") as statements:
            await action
            await anna.client.expect_message(contains=answer)
        assert statements.count("SELECT") <= reads, (answer, statements)
        assert len(statements) - statements.count("SELECT") <= writes, (answer, statements)


async def test_a_sign_out_is_seen_by_the_very_next_update(world: BotWorld, seed: Seed) -> None:
    anna = await signed_in_customer(world)
    account = await linked_account(world, seed, anna.user.id, "110000001")
    await meter_with_history(seed, account, "67005887", {"T": ("12000", "12345")})
    await anna.client.send("📟 Передать показания")
    await anna.client.expect_message(contains="Счётчик № 67005887")  # remembered as signed in

    await world.cabinet.users.sign_out(anna.client.id)  # e.g. from the web cabinet's session
    await anna.client.send("📟 Передать показания")
    await anna.client.expect_message(contains=SIGN_IN_FIRST)


async def test_a_deleted_user_is_not_remembered_as_signed_in(world: BotWorld, seed: Seed) -> None:
    anna = await signed_in_customer(world)
    await anna.client.send("📟 Передать показания")
    await anna.client.expect_message()

    async with world.cabinet.uow_factory() as uow:  # the row changed by anyone in this process
        user = await uow.users.get(anna.user.id)
        assert user is not None
        user.deleted_at = world.clock.now()
        await uow.commit()
    await anna.client.send("📟 Передать показания")
    await anna.client.expect_message(contains=SIGN_IN_FIRST)
