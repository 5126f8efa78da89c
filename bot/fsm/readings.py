"""«Передать показания»: account → meter → a value per zone → the summary (→ a photo); its steps
and its data, kept in the FSM storage as JSON-safe values (readings as strings, dates ISO 8601)
under the same keys the dialog has always used, so a dialog begun before an upgrade goes on."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal

from aiogram.fsm.state import State, StatesGroup

from bot.fsm.dialog_data import DialogCodec, DialogDataLost


class SendReadings(StatesGroup):
    account = State()  # the accounts are on buttons
    other_number = State()  # «по другому лицевому счёту»: the number is typed
    meter = State()  # account_id, other
    value = State()  # + meter_id, serial, zones, values, photo
    summary = State()  # + key, confirm, replace
    photo = State()  # the summary asked for a photo of the meter


@dataclass(frozen=True)
class ZoneAsked:
    zone: str
    name: str
    last: Decimal | None  # the last accepted value, shown in the prompt
    last_on: date | None


@dataclass(frozen=True)
class ReadingsDialog:
    account_id: int | None = None
    other: bool = False  # an account looked up by its number, not the customer's own
    meter_id: int | None = None
    serial: str = ""  # as shown (masked for `other`)
    zones: tuple[ZoneAsked, ...] = ()
    values: Mapping[str, Decimal] = field(default_factory=dict)  # zone → value typed
    photo: str | None = None  # a stored path
    key: str | None = None  # the submission key of the summary on screen
    confirm: bool = False  # the summary showed warnings the press confirms
    replace: bool = False  # replace the readings sent today
    seen: int = 0  # the newest message handled: a re-delivered update is not the next value
    sent: str | None = None  # the key of the submission just made: its second press is answered

    def next_zone(self) -> ZoneAsked | None:
        return next((zone for zone in self.zones if zone.zone not in self.values), None)

    def with_value(self, zone: str, value: Decimal) -> ReadingsDialog:
        return replace(self, values={**self.values, zone: value})

    def without_value(self, zone: str) -> ReadingsDialog:
        values = {code: value for code, value in self.values.items() if code != zone}
        return replace(self, values=values, key=None)

    def chosen_meter(self) -> int:
        """The meter of a dialog past the meter's choice."""
        if self.meter_id is None:
            raise DialogDataLost("no meter in a dialog past its choice")
        return self.meter_id


CODEC = DialogCodec(ReadingsDialog)
load = CODEC.load
save = CODEC.save
keep = CODEC.keep
from_data = CODEC.of
to_data = CODEC.to_data
