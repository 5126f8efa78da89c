"""«Передать показания»: the account (skipped with one), the meter (skipped with one), a value per
zone, then the summary. The rules (digits, below the last value, the window) are core's; this
router asks, shows and hands over. Sending by someone else's account number, the photo and the
summary's buttons are in `other_account`, `photo` and `submit`.
"""

from __future__ import annotations

from dataclasses import replace

from aiogram import F, Router
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext as _

from bot.errors_text import error_text
from bot.filters.private_chat import in_private_chat, pressed_in_private_chat
from bot.filters.signed_in import SignedIn
from bot.fsm.readings import ReadingsDialog, SendReadings, keep, load, save
from bot.handlers.common.dialog import ended_by_sign_out, hint, message_of, together
from bot.handlers.readings import other_account, photo, submit
from bot.handlers.readings.dialog import (
    ask_next_zone,
    offer_meters,
    show_meters,
    show_summary,
    start_meter,
)
from bot.handlers.readings.keyboards import AccountChoice, MeterChoice, accounts_keyboard
from core.accounts.errors import NotAccountOwner
from core.cabinet import Cabinet
from core.errors import CabinetError
from core.readings.errors import MalformedReading
from core.readings.sender import Sender
from core.users.views import UserView


async def open_section(
    message: Message, state: FSMContext, cabinet: Cabinet, user: UserView | None
) -> None:
    """The menu's entry; the menu has cleared any earlier dialog."""
    if user is None:  # the menu signs people in first; this only guards a direct call
        return
    accounts = await cabinet.accounts.active_accounts(user.id)
    if len(accounts) == 1:
        await offer_meters(message, state, cabinet, accounts[0].account_id, other=False)
        return
    await save(state, SendReadings.account, ReadingsDialog())  # the menu has emptied the data
    text = _("readings.choose_account") if accounts else _("readings.no_accounts")
    await message.answer(text, reply_markup=accounts_keyboard(accounts))


async def open_for_account(
    message: Message, state: FSMContext, cabinet: Cabinet, account_id: int
) -> None:
    """From an account's card on «Главная»: straight to its meters (the caller checked owner)."""
    await state.clear()
    await offer_meters(message, state, cabinet, account_id, other=False)


async def account_chosen(
    query: CallbackQuery,
    callback_data: AccountChoice,
    state: FSMContext,
    cabinet: Cabinet,
    user: UserView,
) -> None:
    message = message_of(query)
    account_id = callback_data.account_id
    try:
        meters = await cabinet.readings.meters_for(account_id, owner_id=user.id)
    except NotAccountOwner as refused:
        await query.answer(error_text(refused, cabinet.settings.tz), show_alert=True)
        return
    if message is None:
        await query.answer()
        return
    # The spinner stops while the first question is on its way: neither waits for the other.
    await together(query.answer(), show_meters(message, state, account_id, False, meters))


async def meter_chosen(
    query: CallbackQuery,
    callback_data: MeterChoice,
    state: FSMContext,
    cabinet: Cabinet,
    user: UserView,
) -> None:
    message = message_of(query)
    dialog = await load(state)
    by_number = dialog.account_id if dialog.other else None
    try:
        meter = await cabinet.readings.meter_for(callback_data.meter_id, Sender(user.id, by_number))
    except CabinetError as refused:
        await query.answer(error_text(refused, cabinet.settings.tz), show_alert=True)
        return
    await query.answer()
    if message is not None:
        await start_meter(message, state, meter, dialog)


async def value_given(message: Message, state: FSMContext, cabinet: Cabinet) -> None:
    dialog = await load(state)
    if message.message_id <= dialog.seen:  # the same update delivered again
        return
    dialog = replace(dialog, seen=message.message_id)
    zone = dialog.next_zone()
    try:
        value = cabinet.readings.parse_value(message.text or "")
    except MalformedReading as refused:
        await keep(state, dialog)
        await message.answer(error_text(refused, cabinet.settings.tz))
        return
    if zone is not None:
        dialog = dialog.with_value(zone.zone, value)
    if dialog.next_zone() is not None:
        await keep(state, dialog)
        await ask_next_zone(message, dialog)
        return
    await show_summary(message, state, cabinet, dialog)


value_unexpected = hint("readings.value_expected")
choice_expected = hint("readings.choice_expected")
summary_waiting = hint("readings.summary_waiting")


signed_out_meanwhile = ended_by_sign_out("readings.signed_out")


def create_router() -> Router:
    router = Router(name="readings")
    router.message.filter(in_private_chat)
    router.callback_query.filter(pressed_in_private_chat)
    router.message.register(signed_out_meanwhile, StateFilter(SendReadings), ~SignedIn())
    router.callback_query.register(account_chosen, AccountChoice.filter(), SignedIn())
    router.callback_query.register(meter_chosen, MeterChoice.filter(), SignedIn())
    router.message.register(value_given, StateFilter(SendReadings.value), F.text)
    # A router's own handlers are tried before those of the routers it includes: the hints for
    # unexpected input sit in a router of their own, after the photo's.
    router.include_routers(
        other_account.create_router(),
        photo.create_router(),
        submit.create_router(),
        _hints_router(),
    )
    return router


def _hints_router() -> Router:
    router = Router(name="readings_hints")
    router.message.register(value_unexpected, StateFilter(SendReadings.value))
    router.message.register(choice_expected, StateFilter(SendReadings.account, SendReadings.meter))
    router.message.register(summary_waiting, StateFilter(SendReadings.summary))
    return router
