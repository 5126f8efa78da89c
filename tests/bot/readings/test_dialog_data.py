"""The readings dialog's typed data: JSON-safe in the FSM storage, readable from what the previous
version saved, and a shape it cannot read ends the dialog politely."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest
from aiogram.fsm.storage.base import StorageKey

from bot.fsm.dialog_data import DialogDataLost
from bot.fsm.readings import ReadingsDialog, ZoneAsked, from_data, to_data
from tests.bot.kit import BotWorld
from tests.bot.readings_scene import meter_with_history
from tests.bot.signed_in import linked_account, signed_in_customer
from tests.core.accounts.seed import Seed

# What the version before the typed data saved at the summary of a two-zone meter.
SAVED_BEFORE = {
    "account_id": 7,
    "other": False,
    "meter_id": 11,
    "serial": "67005887",
    "zones": [
        {"zone": "T1", "name": "День", "last": "12345.6", "last_on": "2026-09-24"},
        {"zone": "T2", "name": "Ночь", "last": None, "last_on": None},
    ],
    "values": {"T1": "12500", "T2": "4000.5"},
    "key": "k-1",
    "replace": False,
    "confirm": True,
    "seen": 42,
}


def test_the_data_saved_before_reads_as_the_dialog_and_back() -> None:
    dialog = from_data(SAVED_BEFORE)

    assert dialog.zones[0] == ZoneAsked("T1", "День", Decimal("12345.6"), date(2026, 9, 24))
    assert dialog.values == {"T1": Decimal("12500"), "T2": Decimal("4000.5")}
    assert (dialog.meter_id, dialog.key, dialog.confirm, dialog.seen) == (11, "k-1", True, 42)
    assert dialog.photo is None and dialog.next_zone() is None
    assert from_data(json.loads(json.dumps(to_data(dialog)))) == dialog


def test_a_dialog_just_begun_and_a_finished_one() -> None:
    assert from_data({}) == ReadingsDialog()
    assert from_data(to_data(ReadingsDialog(sent="k-1"))).sent == "k-1"
    assert from_data({"sent": "k-1"}).sent == "k-1"


@pytest.mark.parametrize(
    "broken",
    [
        {"values": "12500"},
        {"values": {"T": "двенадцать"}},
        {"zones": [{"zone": "T"}]},
        {"zones": [{"zone": "T", "name": "T", "last": "много", "last_on": None}]},
        {"zones": [{"zone": "T", "name": "T", "last": None, "last_on": "вчера"}]},
        {"meter_id": "первый"},
        {"other": "может быть"},
    ],
)
def test_a_shape_it_cannot_read_is_lost_data(broken: dict[str, object]) -> None:
    with pytest.raises(DialogDataLost):
        from_data(broken)


async def test_a_dialog_it_cannot_read_ends_with_a_polite_word(world: BotWorld, seed: Seed) -> None:
    anna = await signed_in_customer(world)
    account = await linked_account(world, seed, anna.user.id, "110000001")
    await meter_with_history(seed, account, "67005887", {"T": ("12000", "12345")})
    await anna.client.send("📟 Передать показания")
    prompt = await anna.client.expect_message(contains="Счётчик № 67005887")
    assert world.dispatcher is not None
    storage = world.dispatcher.storage
    key = StorageKey(
        bot_id=prompt.raw["from"]["id"], chat_id=prompt.chat_id, user_id=prompt.chat_id
    )
    await storage.set_data(key, {**await storage.get_data(key), "values": "12500"})

    await anna.client.send("12 500")

    await anna.client.expect_message(contains="начат до обновления бота")
    assert await storage.get_state(key) is None
    await anna.client.send("📟 Передать показания")
    await anna.client.expect_message(contains="Счётчик № 67005887")
