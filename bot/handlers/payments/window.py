"""The payment window: address, debt, «Сумма оплаты», «Чек на e-mail», «Перейти к оплате».

Every change (amount, e-mail) shows the window again with a new key; «Перейти к оплате» sends
that key to core, so pressing it twice makes one payment and one link."""

from __future__ import annotations

import secrets
from dataclasses import replace

from aiogram import F, Router, html
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext as _

from bot.errors_text import error_text
from bot.filters.signed_in import SignedIn
from bot.formatting import rubles
from bot.fsm.payments import Pay, PaymentDialog, load, save
from bot.handlers.common.dialog import hint, message_of
from bot.handlers.payments.keyboards import (
    WindowAction,
    WindowButton,
    pay_link_keyboard,
    window_keyboard,
)
from bot.handlers.payments.listing import show_accounts
from core.cabinet import Cabinet
from core.enums import PaymentStatus
from core.errors import CabinetError
from core.payments.errors import GatewayUnavailable, PaymentError
from core.payments.views import PaymentRequest
from core.users.views import UserView
from core.validation.errors import InvalidEmail

_SETTLED = {
    PaymentStatus.CONFIRMED: "payments.already_confirmed",
    PaymentStatus.DECLINED: "payments.already_declined",
}


async def show_window(message: Message, state: FSMContext, dialog: PaymentDialog) -> None:
    dialog = replace(dialog, key=secrets.token_urlsafe(9))
    await save(state, Pay.window, dialog)
    _account_id, amount, key = dialog.window()
    debt = dialog.debt
    debt_text = (
        _("payments.window_debt").format(amount=rubles(debt))
        if debt > 0
        else _("payments.window_no_debt")
    )
    email = dialog.email
    text = _("payments.window").format(
        number=html.quote(dialog.number),
        address=html.quote(dialog.address),
        service=html.quote(dialog.service),
        debt=debt_text,
        amount=rubles(amount),
        email=html.quote(email) if email else _("payments.window_no_email"),
    )
    await message.answer(text, reply_markup=window_keyboard(key, bool(email)))


async def window_pressed(
    query: CallbackQuery,
    callback_data: WindowButton,
    state: FSMContext,
    cabinet: Cabinet,
    user: UserView,
) -> None:
    message = message_of(query)
    dialog = await load(state)
    if await state.get_state() != Pay.window.state or dialog.key != callback_data.key:
        await query.answer(_("payments.stale_button"), show_alert=True)
        return
    if callback_data.action is WindowAction.GO:
        await _go(query, message, state, dialog, cabinet, user)
        return
    await query.answer()
    if message is None:
        return
    if callback_data.action is WindowAction.AMOUNT:
        await save(state, Pay.amount, dialog)
        await message.answer(_("payments.amount_prompt").format(example="949,08"))
    elif callback_data.action is WindowAction.EMAIL:
        await save(state, Pay.email, dialog)
        await message.answer(_("payments.email_prompt"))
    else:
        await show_window(message, state, replace(dialog, email=None))


async def _go(
    query: CallbackQuery,
    message: Message | None,
    state: FSMContext,
    dialog: PaymentDialog,
    cabinet: Cabinet,
    user: UserView,
) -> None:
    account_id, amount, key = dialog.window()
    request = PaymentRequest(
        account_id=account_id,
        service=dialog.service,
        amount_kopecks=amount,
        email=dialog.email,
        key=key,
        other_account=dialog.other,
    )
    try:
        payment = await cabinet.payments.intents.start(user.id, request)
    except GatewayUnavailable:
        await query.answer()
        if message is not None:
            await message.answer(_("payments.gateway_unavailable"))
        return
    except CabinetError as refused:
        await query.answer(error_text(refused, cabinet.settings.tz), show_alert=True)
        return
    await query.answer()
    settled = _SETTLED.get(payment.status)
    if message is not None and settled is not None:
        # The same window pressed again after the bank's answer: that order is over.
        await message.answer(
            _(settled).format(
                amount=rubles(payment.amount_kopecks), number=html.quote(payment.account_number)
            )
        )
        await show_accounts(message, state, cabinet, user.id)
        return
    if message is not None and payment.pay_url is not None:
        await message.answer(
            _("payments.link_ready").format(
                amount=rubles(payment.amount_kopecks), number=html.quote(payment.account_number)
            ),
            reply_markup=pay_link_keyboard(payment.pay_url, payment.amount_kopecks),
        )


async def amount_given(message: Message, state: FSMContext, cabinet: Cabinet) -> None:
    dialog = await load(state)
    try:
        amount = cabinet.payments.payable.parse_amount(message.text or "")
    except PaymentError as refused:
        await message.answer(
            error_text(
                refused,
                cabinet.settings.tz,
                max_amount=rubles(cabinet.payments.payable.max_kopecks),
            )
            + "\n"
            + _("payments.amount_example").format(example="949,08")
        )
        return
    await show_window(message, state, replace(dialog, amount=amount))


async def email_given(
    message: Message, state: FSMContext, cabinet: Cabinet, user: UserView
) -> None:
    dialog = await load(state)
    try:
        email = await cabinet.payments.intents.remember_receipt_email(user.id, message.text or "")
    except InvalidEmail as refused:
        await message.answer(error_text(refused, cabinet.settings.tz))
        return
    await show_window(message, state, replace(dialog, email=email))


async def amount_expected(message: Message) -> None:
    await message.answer(_("payments.amount_prompt").format(example="949,08"))


email_expected = hint("payments.email_prompt")


def create_router() -> Router:
    router = Router(name="payments_window")
    router.callback_query.register(window_pressed, WindowButton.filter(), SignedIn())
    router.message.register(amount_given, StateFilter(Pay.amount), F.text)
    router.message.register(email_given, StateFilter(Pay.email), F.text, SignedIn())
    router.message.register(amount_expected, StateFilter(Pay.amount))
    router.message.register(email_expected, StateFilter(Pay.email))
    return router
