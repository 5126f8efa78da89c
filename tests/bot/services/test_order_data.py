"""The service order's typed data reads what the version before it saved, and refuses a shape
it cannot read."""

from __future__ import annotations

from datetime import date

import pytest

from bot.fsm.dialog_data import DialogDataLost
from bot.fsm.services import CODEC, ServiceOrderDialog


def test_the_data_saved_before_reads_as_the_dialog_and_back() -> None:
    saved_before = {
        "service": "sealing",
        "account_id": 5,
        "date": "2026-10-01",
        "comment": None,
    }

    dialog = CODEC.of(saved_before)

    assert dialog == ServiceOrderDialog("sealing", 5, date(2026, 10, 1), None)
    assert dialog.chosen() == (5, "sealing")
    assert CODEC.to_data(dialog) == {**saved_before, "meter_id": None, "meter_serial": None}


def test_a_dialog_past_its_choices_without_them_is_lost_data() -> None:
    with pytest.raises(DialogDataLost):
        CODEC.of({"service": "sealing"}).chosen()
    with pytest.raises(DialogDataLost):
        CODEC.of({"account_id": "пятый"})
