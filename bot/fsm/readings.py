"""«Передать показания»: account → meter → a value per zone → the summary (→ a photo); its steps
and its data, kept in the FSM storage as JSON-safe values (readings as strings, dates ISO 8601)
under the same keys the dialog has always used, so a dialog begun before an upgrade goes on."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup

from bot.fsm.dialog_data import DialogDataLost
from bot.fsm.step import save_step


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


async def load(state: FSMContext) -> ReadingsDialog:
    return from_data(await state.get_data())


async def save(state: FSMContext, step: State | None, dialog: ReadingsDialog) -> None:
    """The step and the dialog's data in one write (`bot.fsm.step`)."""
    await save_step(state, step, to_data(dialog))


async def keep(state: FSMContext, dialog: ReadingsDialog) -> None:
    """The data alone, in the step the dialog is in."""
    await state.set_data(to_data(dialog))


def to_data(dialog: ReadingsDialog) -> dict[str, Any]:
    if dialog.sent is not None:  # a finished dialog keeps its key alone
        return {"sent": dialog.sent}
    return {
        "account_id": dialog.account_id,
        "other": dialog.other,
        "meter_id": dialog.meter_id,
        "serial": dialog.serial,
        "zones": [
            {
                "zone": zone.zone,
                "name": zone.name,
                "last": str(zone.last) if zone.last is not None else None,
                "last_on": zone.last_on.isoformat() if zone.last_on is not None else None,
            }
            for zone in dialog.zones
        ],
        "values": {zone: str(value) for zone, value in dialog.values.items()},
        "photo": dialog.photo,
        "key": dialog.key,
        "confirm": dialog.confirm,
        "replace": dialog.replace,
        "seen": dialog.seen,
    }


def from_data(data: Mapping[str, Any]) -> ReadingsDialog:
    """The dialog from its FSM data; a key missing takes its default (a dialog just begun has
    none), a value of the wrong shape is `DialogDataLost`."""
    try:
        return ReadingsDialog(
            account_id=_optional(data.get("account_id"), int),
            other=_flag(data.get("other")),
            meter_id=_optional(data.get("meter_id"), int),
            serial=_text(data.get("serial", "")),
            zones=tuple(_zone(zone) for zone in data.get("zones") or ()),
            values={_text(k): Decimal(_text(v)) for k, v in (data.get("values") or {}).items()},
            photo=_optional(data.get("photo"), _text),
            key=_optional(data.get("key"), _text),
            confirm=_flag(data.get("confirm")),
            replace=_flag(data.get("replace")),
            seen=_optional(data.get("seen"), int) or 0,
            sent=_optional(data.get("sent"), _text),
        )
    except (TypeError, ValueError, AttributeError, KeyError, InvalidOperation) as wrong:
        raise DialogDataLost(f"readings dialog data: {wrong!r}") from wrong


def _zone(item: Mapping[str, Any]) -> ZoneAsked:
    last_on = _optional(item.get("last_on"), _text)
    return ZoneAsked(
        zone=_text(item["zone"]),
        name=_text(item["name"]),
        last=_optional(item.get("last"), lambda value: Decimal(_text(value))),
        last_on=date.fromisoformat(last_on) if last_on is not None else None,
    )


def _optional(value: Any, convert: Any) -> Any:
    return None if value is None else convert(value)


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected a string, got {type(value).__name__}")
    return value


def _flag(value: Any) -> bool:
    if value is not None and not isinstance(value, bool):
        raise TypeError(f"expected a flag, got {type(value).__name__}")
    return bool(value)
