"""«Оплата»: every linked account with its debts per service (each «Оплатить»), and «Оплатить по
другому лицевому счёту». Choosing one opens the payment window (`window`); Telegram's
pre-checkout and successful payment are in `telegram`.
"""

from __future__ import annotations

import secrets

from aiogram import F, Router, html
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext as _

from bot.errors_text import error_text
from bot.filters.private_chat import in_private_chat, pressed_in_private_chat
from bot.filters.signed_in import SignedIn
from bot.formatting import rubles
from bot.fsm.payments import Pay, PaymentDialog, load, save
from bot.handlers.common.dialog import ended_by_sign_out, hint, message_of
from bot.handlers.menu.keyboard import main_menu
from bot.handlers.payments import telegram, window
from bot.handlers.payments.keyboards import OTHER_ACCOUNT_CALLBACK, PayService, accounts_keyboard
from bot.handlers.payments.listing import accounts_text, show_accounts
from bot.handlers.payments.window import show_window
from core.accounts.errors import AccountNotFound, NotAccountOwner, TooManyAccountLookups
from core.cabinet import Cabinet
from core.payments.debts import suggested_amount
from core.payments.views import PayableAccount
from core.users.views import UserView


async def open_section(
    message: Message, state: FSMContext, cabinet: Cabinet, user: UserView | None
) -> None:
    """The main menu's «Оплата»: the accounts and what is owed on each."""
    if user is None:
        return
    await show_accounts(message, state, cabinet, user.id)


async def open_for_account(
    message: Message, state: FSMContext, cabinet: Cabinet, user: UserView, account_id: int
) -> None:
    """«Оплатить» on an account's card: its only service's window, or its services."""
    try:
        account = await cabinet.payments.payable.account(user.id, account_id)
    except NotAccountOwner as refused:
        await state.clear()
        await message.answer(error_text(refused, cabinet.settings.tz), reply_markup=main_menu())
        return
    if len(account.services) == 1:
        await start_window(message, state, cabinet, user, account, 0)
        return
    await save(state, Pay.account, PaymentDialog())
    await message.answer(accounts_text([account]), reply_markup=accounts_keyboard([account]))


async def service_chosen(
    query: CallbackQuery,
    callback_data: PayService,
    state: FSMContext,
    cabinet: Cabinet,
    user: UserView,
) -> None:
    message = message_of(query)
    looked_up = (await load(state)).other_account_id
    try:
        if looked_up == callback_data.account_id:
            account = await cabinet.payments.payable.account_by_id(
                callback_data.account_id, masked=True
            )
        else:
            account = await cabinet.payments.payable.account(user.id, callback_data.account_id)
    except NotAccountOwner as refused:
        await query.answer(error_text(refused, cabinet.settings.tz), show_alert=True)
        return
    if account.service(callback_data.index) is None:
        await query.answer(_("payments.stale_button"), show_alert=True)
        return
    await query.answer()
    if message is not None:
        await start_window(message, state, cabinet, user, account, callback_data.index)


async def start_window(
    message: Message,
    state: FSMContext,
    cabinet: Cabinet,
    user: UserView,
    account: PayableAccount,
    index: int,
) -> None:
    """The payment window for a service: the debt as the amount, or a question when none."""
    debt = account.services[index]
    dialog = PaymentDialog(
        account_id=account.account_id,
        other=account.masked,
        other_account_id=account.account_id if account.masked else None,
        number=account.number,
        address=account.address,
        service=debt.service,
        debt=debt.debt_kopecks,
        amount=suggested_amount(debt),
        email=await cabinet.payments.intents.receipt_email(user.id),
        key=secrets.token_urlsafe(9),
    )
    if dialog.amount is None:
        await save(state, Pay.amount, dialog)
        await message.answer(
            _("payments.nothing_owed").format(
                number=html.quote(account.number),
                address=html.quote(account.address),
                service=html.quote(debt.service),
                balance=rubles(-debt.debt_kopecks),
            )
        )
        return
    await show_window(message, state, dialog)


async def other_account_pressed(query: CallbackQuery, state: FSMContext) -> None:
    message = message_of(query)
    await query.answer()
    await save(state, Pay.other_number, PaymentDialog())
    if message is not None:
        await message.answer(_("payments.other_number_prompt"))


async def number_given(
    message: Message, state: FSMContext, cabinet: Cabinet, user: UserView
) -> None:
    try:
        account = await cabinet.payments.payable.other_account(user.id, message.text or "")
    except AccountNotFound:  # a typo: the number may be typed again
        await message.answer(_("payments.no_accounts_found"))
        return
    except TooManyAccountLookups as refused:
        await state.clear()
        await message.answer(error_text(refused, cabinet.settings.tz), reply_markup=main_menu())
        return
    await save(state, Pay.account, PaymentDialog(other_account_id=account.account_id))
    await message.answer(accounts_text([account]), reply_markup=accounts_keyboard([account]))


number_expected = hint("payments.number_expected")
choice_expected = hint("payments.choice_expected")


signed_out_meanwhile = ended_by_sign_out("payments.signed_out")


def create_router() -> Router:
    router = Router(name="payments")
    router.message.filter(in_private_chat)
    router.callback_query.filter(pressed_in_private_chat)
    router.message.register(signed_out_meanwhile, StateFilter(Pay), ~SignedIn())
    router.callback_query.register(service_chosen, PayService.filter(), SignedIn())
    router.callback_query.register(
        other_account_pressed, F.data == OTHER_ACCOUNT_CALLBACK, SignedIn()
    )
    router.message.register(number_given, StateFilter(Pay.other_number), F.text, SignedIn())
    router.include_routers(window.create_router(), _hints_router())
    return router


def telegram_router() -> Router:
    """Pre-checkout queries and successful payments, which are not private-chat messages only."""
    return telegram.create_router()


def _hints_router() -> Router:
    router = Router(name="payments_hints")
    router.message.register(number_expected, StateFilter(Pay.other_number))
    router.message.register(choice_expected, StateFilter(Pay.account, Pay.window))
    return router
