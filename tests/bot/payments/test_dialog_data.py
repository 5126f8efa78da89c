"""The payment window's data, typed: what an earlier version saved reads as the dialog, and a
window without its account, amount or key is lost data (the customer is started over)."""

from __future__ import annotations

import pytest

from bot.fsm.dialog_data import DialogDataLost
from bot.fsm.payments import CODEC, PaymentDialog


def test_the_window_saved_before_reads_as_the_dialog_and_back() -> None:
    saved_before = {
        "account_id": 7,
        "other": False,
        "other_account_id": None,
        "number": "110000007",
        "address": "г. Ессентуки, ул. Терская, д. 128А, кв. 5",
        "service": "Электроэнергия",
        "debt": 94_908,
        "amount": 94_908,
        "email": None,
        "key": "k1",
    }
    dialog = CODEC.of(saved_before)
    assert dialog.window() == (7, 94_908, "k1")
    assert CODEC.to_data(dialog) == saved_before
    assert CODEC.of({"other_account_id": 9}) == PaymentDialog(other_account_id=9)


def test_a_window_without_its_figures_is_lost_data() -> None:
    with pytest.raises(DialogDataLost):
        CODEC.of({"account_id": 7}).window()
    with pytest.raises(DialogDataLost):
        CODEC.of({"amount": "много"})
