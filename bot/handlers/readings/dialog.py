"""The steps of «Передать показания» that several handlers lead to: the meters of an account,
a zone's value asked for, the summary shown. The dialog's data (`ReadingsDialog`) lives in the
FSM storage, so a restart in the middle loses nothing typed.
"""

from __future__ import annotations

import secrets
from dataclasses import replace
from decimal import Decimal

from aiogram.fsm.context import FSMContext
from aiogram.types import Message
from aiogram.utils.i18n import gettext as _

from bot.errors_text import error_text
from bot.formatting import kwh
from bot.fsm.readings import ReadingsDialog, SendReadings, ZoneAsked, save
from bot.handlers.menu.keyboard import main_menu
from bot.handlers.readings.keyboards import (
    masked_serial,
    meters_keyboard,
    other_account_keyboard,
    summary_keyboard,
)
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
    dialog = ReadingsDialog(account_id=account_id, other=other)
    if not meters:
        await save(state, None, ReadingsDialog())
        await message.answer(_("readings.no_meters"), reply_markup=main_menu())
    elif len(meters) == 1:
        await start_meter(message, state, meters[0], dialog)
    else:
        await save(state, SendReadings.meter, dialog)
        await message.answer(
            _("readings.choose_meter"), reply_markup=meters_keyboard(meters, other)
        )


async def start_meter(
    message: Message, state: FSMContext, meter: MeterView, dialog: ReadingsDialog
) -> None:
    zones = tuple(
        ZoneAsked(zone.zone, zone.name, zone.last_value, zone.last_taken_on) for zone in meter.zones
    )
    dialog = replace(
        dialog,
        meter_id=meter.id,
        serial=masked_serial(meter.serial) if dialog.other else meter.serial,
        zones=zones,
        values={},
        key=None,
        replace=False,
    )
    await save(state, SendReadings.value, dialog)
    await ask_next_zone(message, dialog, offer_other=not dialog.other)


async def ask_next_zone(
    message: Message, dialog: ReadingsDialog, *, offer_other: bool = False
) -> None:
    """`offer_other`: the first question of the customer's own account also offers another
    account's readings (with one account linked, the dialog starts right here)."""
    zone = dialog.next_zone()
    if zone is not None:
        keyboard = other_account_keyboard() if offer_other else None
        await message.answer(zone_prompt(dialog, zone), reply_markup=keyboard)


async def show_summary(
    message: Message, state: FSMContext, cabinet: Cabinet, dialog: ReadingsDialog
) -> None:
    """The preview from core, or the zone to type again when core refuses its value."""
    try:
        preview = await cabinet.readings.preview(dialog.chosen_meter(), dialog.values)
    except ZONE_REFUSALS as refused:
        await ask_again(message, state, cabinet, refused, dialog)
        return
    key = secrets.token_urlsafe(12)
    await save(
        state,
        SendReadings.summary,
        replace(dialog, key=key, confirm=preview.needs_confirmation),
    )
    has_photo = dialog.photo is not None
    await message.answer(
        summary_text(dialog, preview, cabinet.settings.tz, has_photo),
        reply_markup=summary_keyboard(key, preview.needs_confirmation, has_photo),
    )


async def ask_again(
    message: Message,
    state: FSMContext,
    cabinet: Cabinet,
    refused: TooManyDigits | TooManyDecimals | ReadingBelowLast,
    dialog: ReadingsDialog,
) -> None:
    """Forgets the refused zone's value (the others stay) and asks for it again."""
    zone = str(refused.params["zone"])
    names = {item.zone: item.name for item in dialog.zones}
    dialog = dialog.without_value(zone)
    await save(state, SendReadings.value, dialog)
    shown: dict[str, str] = {
        name: kwh(value) for name, value in refused.params.items() if isinstance(value, Decimal)
    }
    shown["name"] = names.get(zone, zone)
    text = error_text(refused, cabinet.settings.tz, **shown)
    await message.answer(text)
    await ask_next_zone(message, dialog)
