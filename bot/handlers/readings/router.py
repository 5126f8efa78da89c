"""«Передать показания»: the account (skipped with one), the meter (skipped with one), a value per
zone, then the summary. The rules (digits, below the last value, the window) are core's; this
router asks, shows and hands over. Sending by someone else's account number, the photo and the
summary's buttons are in `other_account`, `photo` and `submit`.
"""

from __future__ import annotations

from aiogram import F, Router
from aiogram.enums import ChatType
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext as _

from bot.errors_text import error_text
from bot.filters.signed_in import SignedIn
from bot.fsm.readings import SendReadings
from bot.handlers.common.dialog import ended_by_sign_out, hint, message_of, save, together
from bot.handlers.readings import other_account, photo, submit
from bot.handlers.readings.dialog import (
    ask_next_zone,
    next_zone,
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
    await save(state, SendReadings.account, {})  # the menu has emptied the data
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
    data = await state.get_data()
    try:
        meter = await cabinet.readings.meter(callback_data.meter_id)
        if data.get("other"):
            # Anyone may send readings by a number; only the meters of the number looked up.
            if meter.account_id != data.get("account_id"):
                raise NotAccountOwner(meter.account_id)
        else:
            await cabinet.accounts.ensure_owner(user.id, meter.account_id)
    except CabinetError as refused:
        await query.answer(error_text(refused, cabinet.settings.tz), show_alert=True)
        return
    await query.answer()
    if message is not None:
        await start_meter(message, state, meter, data)


async def value_given(message: Message, state: FSMContext, cabinet: Cabinet) -> None:
    data = await state.get_data()
    if message.message_id <= data.get("seen", 0):  # the same update delivered again
        return
    data["seen"] = message.message_id
    zone = next_zone(data)
    try:
        value = cabinet.readings.parse_value(message.text or "")
    except MalformedReading as refused:
        await state.set_data(data)
        await message.answer(error_text(refused, cabinet.settings.tz))
        return
    if zone is not None:
        data["values"] = {**data["values"], zone["zone"]: str(value)}
    if next_zone(data) is not None:
        await state.set_data(data)
        await ask_next_zone(message, data)
        return
    await show_summary(message, state, cabinet, data)


value_unexpected = hint("readings.value_expected")
choice_expected = hint("readings.choice_expected")
summary_waiting = hint("readings.summary_waiting")


signed_out_meanwhile = ended_by_sign_out("readings.signed_out")


def create_router() -> Router:
    router = Router(name="readings")
    router.message.filter(F.chat.type == ChatType.PRIVATE)
    router.callback_query.filter(F.message.chat.type == ChatType.PRIVATE)
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
