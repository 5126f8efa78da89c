"""«Заказать услугу»: the service → the account (skipped with one) → a preferred date (buttons
for the next working days, or typed) → a comment (or «Без комментария») → the confirmation →
«Заявка №N принята», and the request's card in the customer's topic for the staff.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import date

from aiogram import Bot, Dispatcher, F, Router, html
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext as _

from bot.errors_text import error_text
from bot.filters.private_chat import in_private_chat
from bot.filters.signed_in import SignedIn
from bot.formatting import local_date
from bot.fsm.services import ServiceOrder, ServiceOrderDialog, load, save
from bot.handlers.common.account_owner import owns_account
from bot.handlers.common.dialog import hint
from bot.handlers.menu.keyboard import main_menu
from bot.handlers.services import contract
from bot.handlers.services.card import post_request_card
from bot.handlers.services.keyboards import (
    OrderButton,
    OrderStep,
    ServiceAccount,
    ServiceChoice,
    ServiceDate,
    ServiceMeter,
    accounts_keyboard,
    comment_keyboard,
    confirm_keyboard,
    dates_keyboard,
    meters_keyboard,
    services_keyboard,
)
from bot.handlers.support.topic import SupportUnavailable
from core.cabinet import Cabinet
from core.errors import CabinetError
from core.support.catalogue import ServiceCode
from core.support.dates import parse_date, working_days_after
from core.support.requests import MAX_COMMENT_LENGTH, check_comment
from core.users.views import UserView

DATE_BUTTONS = 6
logger = logging.getLogger("cabinet.services")


async def start_order(
    message: Message,
    state: FSMContext,
    cabinet: Cabinet,
    user: UserView,
    account_id: int | None = None,
) -> None:
    """`account_id`: from an account's card, the order is for it (the card checked the owner)."""
    await save(state, ServiceOrder.service, ServiceOrderDialog(account_id=account_id))
    await message.answer(_("services.choose_service"), reply_markup=services_keyboard())


async def replace_meter(
    message: Message, state: FSMContext, cabinet: Cabinet, user: UserView, account_id: int
) -> None:
    """An account card's «Заменить счётчик»: the meter-replacement request for that account,
    its meter chosen (or the only one taken)."""
    meters = await cabinet.readings.meters_for(account_id, owner_id=user.id)
    dialog = ServiceOrderDialog(service=ServiceCode.REPLACE_METER.value, account_id=account_id)
    if not meters:
        await _ask_date(message, state, cabinet, dialog, account_id)
    elif len(meters) == 1:
        chosen = replace(dialog, meter_id=meters[0].id, meter_serial=meters[0].serial)
        await _ask_date(message, state, cabinet, chosen, account_id)
    else:
        await save(state, ServiceOrder.meter, dialog)
        await message.answer(_("services.choose_meter"), reply_markup=meters_keyboard(meters))


async def meter_chosen(
    query: CallbackQuery,
    callback_data: ServiceMeter,
    state: FSMContext,
    cabinet: Cabinet,
    user: UserView,
) -> None:
    if await state.get_state() != ServiceOrder.meter.state or not isinstance(
        query.message, Message
    ):
        await query.answer(_("fallback.stale_button"), show_alert=True)
        return
    dialog = await load(state)
    account_id, _service = dialog.chosen()
    meters = await cabinet.readings.meters_for(account_id, owner_id=user.id)
    meter = next((m for m in meters if m.id == callback_data.meter_id), None)
    if meter is None:  # a crafted button: not this account's meter
        await query.answer(_("fallback.stale_button"), show_alert=True)
        return
    await query.answer()
    chosen = replace(dialog, meter_id=meter.id, meter_serial=meter.serial)
    await _ask_date(query.message, state, cabinet, chosen, account_id)


async def service_chosen(
    query: CallbackQuery,
    callback_data: ServiceChoice,
    state: FSMContext,
    cabinet: Cabinet,
    user: UserView,
) -> None:
    await query.answer()
    if not isinstance(query.message, Message):
        return
    preset = (await load(state)).account_id  # the order began on an account's card
    dialog = ServiceOrderDialog(service=callback_data.service.value)
    if preset is not None:
        await _ask_date(query.message, state, cabinet, dialog, preset)
        return
    accounts = await cabinet.accounts.active_accounts(user.id)
    if not accounts and callback_data.service is ServiceCode.CONTRACT:
        await contract.start_contract(query.message, state)  # a contract needs no account
        return
    if not accounts:
        await state.clear()
        await query.message.answer(_("services.no_accounts"), reply_markup=main_menu())
        return
    if len(accounts) == 1:
        await _ask_date(query.message, state, cabinet, dialog, accounts[0].account_id)
        return
    await save(state, ServiceOrder.account, dialog)
    await query.message.answer(
        _("services.choose_account"), reply_markup=accounts_keyboard(accounts)
    )


async def account_chosen(
    query: CallbackQuery,
    callback_data: ServiceAccount,
    state: FSMContext,
    cabinet: Cabinet,
    user: UserView,
) -> None:
    if not await owns_account(query, cabinet, user, callback_data.account_id):
        return
    if await state.get_state() != ServiceOrder.account.state:
        await query.answer(_("fallback.stale_button"), show_alert=True)
        return
    await query.answer()
    if isinstance(query.message, Message):
        dialog = await load(state)
        await _ask_date(query.message, state, cabinet, dialog, callback_data.account_id)


async def _ask_date(
    message: Message,
    state: FSMContext,
    cabinet: Cabinet,
    dialog: ServiceOrderDialog,
    account_id: int,
) -> None:
    await save(state, ServiceOrder.date, replace(dialog, account_id=account_id))
    today = cabinet.service_requests.today
    await message.answer(
        _("services.choose_date"),
        reply_markup=dates_keyboard(working_days_after(today, DATE_BUTTONS)),
    )


async def date_pressed(
    query: CallbackQuery, callback_data: ServiceDate, state: FSMContext, cabinet: Cabinet
) -> None:
    if await state.get_state() != ServiceOrder.date.state:
        await query.answer(_("fallback.stale_button"), show_alert=True)
        return
    chosen = date.fromordinal(callback_data.day) if callback_data.day else None
    try:
        cabinet.service_requests.check_preferred_date(chosen)
    except CabinetError as refused:
        await query.answer(error_text(refused, cabinet.settings.tz), show_alert=True)
        return
    await query.answer()
    if isinstance(query.message, Message):
        await _ask_comment(query.message, state, chosen)


async def date_typed(message: Message, state: FSMContext, cabinet: Cabinet) -> None:
    chosen = parse_date(message.text or "")
    if chosen is None:
        await message.answer(_("services.date_not_understood"))
        return
    try:
        cabinet.service_requests.check_preferred_date(chosen)
    except CabinetError as refused:
        await message.answer(error_text(refused, cabinet.settings.tz))
        return
    await _ask_comment(message, state, chosen)


date_expected = hint("services.date_not_understood")


async def _ask_comment(message: Message, state: FSMContext, chosen: date | None) -> None:
    await save(state, ServiceOrder.comment, replace(await load(state), date=chosen))
    await message.answer(
        _("services.ask_comment").format(limit=MAX_COMMENT_LENGTH),
        reply_markup=comment_keyboard(),
    )


async def comment_typed(
    message: Message, state: FSMContext, cabinet: Cabinet, user: UserView
) -> None:
    try:
        comment = check_comment(message.text)
    except CabinetError as refused:
        await message.answer(error_text(refused, cabinet.settings.tz))
        return
    await _confirm(message, state, cabinet, user, comment)


async def comment_expected(message: Message) -> None:
    await message.answer(
        _("services.comment_expected").format(limit=MAX_COMMENT_LENGTH),
        reply_markup=comment_keyboard(),
    )


async def _confirm(
    message: Message, state: FSMContext, cabinet: Cabinet, user: UserView, comment: str | None
) -> None:
    dialog = replace(await load(state), comment=comment)
    account_id, service = dialog.chosen()
    await save(state, ServiceOrder.confirm, dialog)
    numbers = {a.account_id: a.number for a in await cabinet.accounts.list_accounts(user.id)}
    meter = (
        _("services.summary_meter").format(serial=html.quote(dialog.meter_serial))
        if dialog.meter_serial
        else ""
    )
    await message.answer(
        _("services.summary").format(
            service=_(f"services.name_{service}"),
            number=html.quote(numbers.get(account_id, "")) + meter,
            date=local_date(dialog.date, cabinet.settings.tz)
            if dialog.date
            else _("services.any_date"),
            comment=html.quote(comment) if comment else "—",
        ),
        reply_markup=confirm_keyboard(),
    )


async def order_step(
    query: CallbackQuery,
    callback_data: OrderButton,
    state: FSMContext,
    bot: Bot,
    dispatcher: Dispatcher,
    cabinet: Cabinet,
    user: UserView,
) -> None:
    current = await state.get_state()
    step = callback_data.step
    expected = ServiceOrder.comment if step is OrderStep.NO_COMMENT else ServiceOrder.confirm
    if current != expected.state or not isinstance(query.message, Message):
        await query.answer(_("fallback.stale_button"), show_alert=True)
        return
    await query.answer()
    if step is OrderStep.NO_COMMENT:
        await _confirm(query.message, state, cabinet, user, None)
    elif step is OrderStep.CANCEL:
        await state.clear()
        await query.message.answer(_("services.cancelled"), reply_markup=main_menu())
    else:
        await _send(query, state, bot, dispatcher, cabinet, user)


async def _send(
    query: CallbackQuery,
    state: FSMContext,
    bot: Bot,
    dispatcher: Dispatcher,
    cabinet: Cabinet,
    user: UserView,
) -> None:
    assert isinstance(query.message, Message)
    dialog = await load(state)
    account_id, service = dialog.chosen()
    try:
        request = await cabinet.service_requests.create(
            user.id, account_id, service, dialog.date, dialog.comment, dialog.meter_id
        )
    except CabinetError as refused:  # the account unlinked meanwhile, the date gone by
        await state.clear()
        await query.message.answer(
            error_text(refused, cabinet.settings.tz), reply_markup=main_menu()
        )
        return
    await state.clear()
    await query.message.answer(
        _("services.accepted").format(request_id=request.id), reply_markup=main_menu()
    )
    try:
        await post_request_card(bot, dispatcher, cabinet, request, query.from_user.full_name)
    except (SupportUnavailable, TelegramAPIError):
        # The request is kept; staff see it in the cabinet's data even when the group failed us.
        logger.exception("request card not posted", extra={"request_id": request.id})


choose_by_button = hint("services.use_buttons")


def create_router() -> Router:
    router = Router(name="services")
    router.include_router(contract.create_router())
    router.message.filter(in_private_chat, SignedIn())
    router.callback_query.filter(SignedIn())
    router.callback_query.register(service_chosen, ServiceChoice.filter())
    router.callback_query.register(account_chosen, ServiceAccount.filter())
    router.callback_query.register(meter_chosen, ServiceMeter.filter())
    router.callback_query.register(date_pressed, ServiceDate.filter())
    router.callback_query.register(order_step, OrderButton.filter())
    router.message.register(date_typed, ServiceOrder.date, F.text)
    router.message.register(date_expected, ServiceOrder.date)
    router.message.register(comment_typed, ServiceOrder.comment, F.text)
    router.message.register(comment_expected, ServiceOrder.comment)
    router.message.register(
        choose_by_button,
        StateFilter(
            ServiceOrder.service, ServiceOrder.account, ServiceOrder.meter, ServiceOrder.confirm
        ),
    )
    return router
