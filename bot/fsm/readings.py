"""«Передать показания»: account → meter → a value per zone → the summary (→ a photo)."""

from __future__ import annotations

from aiogram.fsm.state import State, StatesGroup


class SendReadings(StatesGroup):
    account = State()  # the accounts are on buttons
    other_number = State()  # «по другому лицевому счёту»: the number is typed
    meter = State()  # data: "account_id", "other"
    value = State()  # data: + "meter_id", "serial", "zones", "values", "photo"
    summary = State()  # data: + "key", "confirm", "replace"
    photo = State()  # the summary asked for a photo of the meter
