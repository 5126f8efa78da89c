"""The steps of «Передать показания» that several handlers lead to: the meters of an account,
a zone's value asked for, the summary shown. The dialog's data lives in the FSM storage, so a
restart in the middle loses nothing typed.

FSM data: "account_id", "other" (an account the user does not own), "meter_id", "serial" (as
shown), "zones" ([{"zone", "name", "last", "last_on"}]), "values" ({zone: "12345.6"}), "photo"
(a stored path), "key" (the submission key of the summary on screen), "confirm" (the summary
showed warnings the press confirms), "replace" (replace today's readings), "seen" (the newest
message handled, so a re-delivered update is not taken for the next zone's value).
"""

from __future__ import annotations

import secrets
from decimal import Decimal
from typing import Any

from aiogram.fsm.context import FSMContext
from aiogram.types import Message
from aiogram.utils.i18n import gettext as _

from bot.errors_text import error_text
from bot.formatting import kwh
from bot.fsm.readings import SendReadings
from bot.handlers.common.dialog import save
from bot.handlers.menu.keyboard import main_menu
from bot.handlers.readings.keyboards import masked_serial, meters_keyboard, summary_keyboard
from bot.handlers.readings.texts import summary_text, zone_prompt
from core.cabinet import Cabinet
from core.readings.errors import ReadingBelowLast, TooManyDecimals, TooManyDigits
from core.readings.views import MeterView

ZONE_REFUSALS = (TooManyDigits, TooManyDecimals, ReadingBelowLast)


async def offer_meters(
    message: Message, state: FSMContext, cabinet: Cabinet, account_id: int, other: bool
) -> None:
    """The account's meters to choose from, or the only one's first zone. Starts the dialog's
    data afresh."""
    await show_meters(
        message, state, account_id, other, await cabinet.readings.meters_for(account_id)
    )


async def show_meters(
    message: Message, state: FSMContext, account_id: int, other: bool, meters: list[MeterView]
) -> None:
    """`offer_meters` with the meters already at hand."""
    data = {"account_id": account_id, "other": other}
    if not meters:
        await save(state, None, {})
        await message.answer(_("readings.no_meters"), reply_markup=main_menu())
    elif len(meters) == 1:
        await start_meter(message, state, meters[0], data)
    else:
        await save(state, SendReadings.meter, data)
        await message.answer(
            _("readings.choose_meter"), reply_markup=meters_keyboard(meters, other)
        )


async def start_meter(
    message: Message, state: FSMContext, meter: MeterView, data: dict[str, Any]
) -> None:
    zones = [
        {
            "zone": zone.zone,
            "name": zone.name,
            "last": str(zone.last_value) if zone.last_value is not None else None,
            "last_on": zone.last_taken_on.isoformat() if zone.last_taken_on else None,
        }
        for zone in meter.zones
    ]
    data = {
        **data,
        "meter_id": meter.id,
        "serial": masked_serial(meter.serial) if data.get("other") else meter.serial,
        "zones": zones,
        "values": {},
        "key": None,
        "replace": False,
    }
    await save(state, SendReadings.value, data)
    await ask_next_zone(message, data)


def next_zone(data: dict[str, Any]) -> dict[str, Any] | None:
    values = data["values"]
    return next((zone for zone in data["zones"] if zone["zone"] not in values), None)


async def ask_next_zone(message: Message, data: dict[str, Any]) -> None:
    zone = next_zone(data)
    if zone is not None:
        await message.answer(zone_prompt(data, zone))


async def show_summary(
    message: Message, state: FSMContext, cabinet: Cabinet, data: dict[str, Any]
) -> None:
    """The preview from core, or the zone to type again when core refuses its value."""
    values = {zone: Decimal(value) for zone, value in data["values"].items()}
    try:
        preview = await cabinet.readings.preview(data["meter_id"], values)
    except ZONE_REFUSALS as refused:
        await ask_again(message, state, cabinet, refused, data)
        return
    key = secrets.token_urlsafe(12)
    await save(
        state, SendReadings.summary, {**data, "key": key, "confirm": preview.needs_confirmation}
    )
    has_photo = data.get("photo") is not None
    await message.answer(
        summary_text(data, preview, cabinet.settings.tz, has_photo),
        reply_markup=summary_keyboard(key, preview.needs_confirmation, has_photo),
    )


async def ask_again(
    message: Message,
    state: FSMContext,
    cabinet: Cabinet,
    refused: TooManyDigits | TooManyDecimals | ReadingBelowLast,
    data: dict[str, Any],
) -> None:
    """Forgets the refused zone's value (the others stay) and asks for it again."""
    zone = str(refused.params["zone"])
    names = {item["zone"]: item["name"] for item in data["zones"]}
    values = {code: value for code, value in data["values"].items() if code != zone}
    data = {**data, "values": values, "key": None}
    await save(state, SendReadings.value, data)
    shown: dict[str, str] = {
        name: kwh(value) for name, value in refused.params.items() if isinstance(value, Decimal)
    }
    shown["name"] = names.get(zone, zone)
    text = error_text(refused, cabinet.settings.tz, **shown)
    await message.answer(text)
    await ask_next_zone(message, data)
