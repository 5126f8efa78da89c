"""A submission is recorded exactly once: the same update delivered twice, the button pressed
twice, a restart in the middle of the dialog; and the billing export returns what was sent."""

from __future__ import annotations

import asyncio
import io
from typing import Any

from core.exchange.service import BillingExchange
from tests.bot.kit import BotWorld
from tests.bot.readings_scene import meter_with_history
from tests.bot.signed_in import SignedInCustomer, linked_account, signed_in_customer
from tests.core.accounts.seed import Seed

KIT_ONLY_KEYS = {"outgoing", "deleted", "reply_keyboard"}


async def _two_zone_customer(world: BotWorld, seed: Seed) -> tuple[SignedInCustomer, int]:
    anna = await signed_in_customer(world)
    account = await linked_account(world, seed, anna.user.id, "110000001")
    await meter_with_history(
        seed, account, "55501234", {"T1": ("8000", "8200"), "T2": ("3000", "3100")}, decimals=1
    )
    await anna.client.send("📟 Передать показания")
    await anna.client.expect_message(contains="Зона День")
    return anna, account


async def _deliver_again(world: BotWorld, kind: str, payload: dict[str, Any]) -> None:
    """What Telegram does when the bot did not confirm an update before it crashed."""
    bot_side = {key: value for key, value in payload.items() if key not in KIT_ONLY_KEYS}
    await world.emu.world.updates.push(kind, bot_side)


async def test_a_value_delivered_twice_is_not_taken_for_the_next_zone(
    world: BotWorld, seed: Seed
) -> None:
    anna, _ = await _two_zone_customer(world, seed)
    typed = await anna.client.send("8300")
    await anna.client.expect_message(contains="Зона Ночь")
    await _deliver_again(world, "message", typed.raw)
    await anna.client.expect_no_message()
    await anna.client.send("3130")
    summary = await anna.client.expect_message(contains="Проверьте показания")
    assert "стало 8\u202f300" in summary.text and "стало 3\u202f130" in summary.text


async def test_send_pressed_twice_at_once_records_one_submission(
    world: BotWorld, seed: Seed
) -> None:
    anna, account = await _two_zone_customer(world, seed)
    await anna.client.send("8300")
    await anna.client.expect_message(contains="Зона Ночь")
    await anna.client.send("3130")
    summary = await anna.client.expect_message(contains="Проверьте показания")

    first, second = await asyncio.gather(
        anna.client.click("✅ Отправить", message=summary),
        anna.client.click("✅ Отправить", message=summary),
    )
    await anna.client.expect_message(contains="Показания приняты")
    await anna.client.expect_no_message()
    answers = [await anna.client.expect_callback_answer(query) for query in (first, second)]
    assert {answer.get("text") or "" for answer in answers} == {"", "Эти показания уже отправлены."}
    assert (await world.cabinet.history.readings(account)).total == 6  # 4 seeded + 2 zones


async def test_a_press_delivered_twice_records_one_submission(world: BotWorld, seed: Seed) -> None:
    anna, account = await _two_zone_customer(world, seed)
    await anna.client.send("8300")
    await anna.client.expect_message(contains="Зона Ночь")
    await anna.client.send("3130")
    summary = await anna.client.expect_message(contains="Проверьте показания")
    button = summary.inline_button("✅ Отправить")
    assert button is not None
    emulated = world.emu.world
    query = emulated.new_callback(
        anna.client.id, summary.chat_id, summary.message_id, button["callback_data"]
    )
    press = {
        "id": query.id,
        "from": emulated.people[anna.client.id].as_user(),
        "message": {k: v for k, v in summary.raw.items() if k not in KIT_ONLY_KEYS},
        "chat_instance": "twice",
        "data": button["callback_data"],
    }
    await emulated.updates.push("callback_query", press)
    await emulated.updates.push("callback_query", press)
    await anna.client.expect_message(contains="Показания приняты")
    await anna.client.expect_no_message()
    assert (await world.cabinet.history.readings(account)).total == 6


async def test_a_restart_in_the_middle_loses_nothing_typed(world: BotWorld, seed: Seed) -> None:
    anna, account = await _two_zone_customer(world, seed)
    await anna.client.send("8300")
    await anna.client.expect_message(contains="Зона Ночь")
    await world.restart()
    await anna.client.send("3130")
    summary = await anna.client.expect_message(contains="Проверьте показания")
    assert "стало 8\u202f300" in summary.text
    await world.restart()
    await anna.client.click("✅ Отправить", message=summary)
    await anna.client.expect_message(contains="Показания приняты")
    assert (await world.cabinet.history.readings(account)).total == 6


async def test_the_export_of_the_period_returns_exactly_what_was_sent(
    world: BotWorld, seed: Seed
) -> None:
    """What `cabinet export readings --period 2026-11` writes (the command runs migrations
    first, so the test calls the exchange it wraps on the test's own schema)."""
    anna, _ = await _two_zone_customer(world, seed)
    await anna.client.send("8300,5")
    await anna.client.expect_message(contains="Зона Ночь")
    await anna.client.send("3130")
    await anna.client.expect_message(contains="Проверьте показания")
    await anna.client.click("✅ Отправить")
    await anna.client.expect_message(contains="Показания приняты")

    out = io.StringIO()
    exchange = BillingExchange(world.cabinet.uow_factory, world.clock, world.settings)
    await exchange.export_readings("2026-11", out)
    assert out.getvalue().splitlines() == [
        "account_number,serial,zone,taken_on,value,source,status",
        "110000001,55501234,T1,2026-11-18,8300.5,bot,accepted",
        "110000001,55501234,T2,2026-11-18,3130,bot,accepted",
    ]
