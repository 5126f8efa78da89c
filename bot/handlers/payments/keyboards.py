"""Buttons of «Оплата»: a service of an account to pay, and the payment window's choices."""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from aiogram.utils.i18n import gettext as _

from bot.formatting import rubles
from core.payments.views import PayableAccount

OTHER_ACCOUNT_CALLBACK = "pay:other"


class PayService(CallbackData, prefix="pay_svc"):
    """`index` is the service's place in the account's list, recomputed on the server."""

    account_id: int
    index: int


class WindowAction(StrEnum):
    GO = "go"
    AMOUNT = "amount"
    EMAIL = "email"
    NO_EMAIL = "no_email"


class WindowButton(CallbackData, prefix="pay_win"):
    """`key` is the window's confirmation: a press on an older window is recognised."""

    action: WindowAction
    key: str


def accounts_keyboard(accounts: Sequence[PayableAccount]) -> InlineKeyboardMarkup:
    rows = [
        [
            InlineKeyboardButton(
                text=_("payments.pay_button").format(
                    service=debt.service,
                    amount=rubles(max(debt.debt_kopecks, 0)),
                    number=account.number,
                ),
                callback_data=PayService(account_id=account.account_id, index=index).pack(),
            )
        ]
        for account in accounts
        for index, debt in enumerate(account.services)
    ]
    rows.append(
        [
            InlineKeyboardButton(
                text=_("payments.button_other_account"), callback_data=OTHER_ACCOUNT_CALLBACK
            )
        ]
    )
    return InlineKeyboardMarkup(inline_keyboard=rows)


def window_keyboard(key: str, has_email: bool) -> InlineKeyboardMarkup:
    rows = [
        [_button("payments.button_go", WindowAction.GO, key)],
        [_button("payments.button_amount", WindowAction.AMOUNT, key)],
        [_button("payments.button_email", WindowAction.EMAIL, key)],
    ]
    if has_email:
        rows.append([_button("payments.button_no_email", WindowAction.NO_EMAIL, key)])
    return InlineKeyboardMarkup(inline_keyboard=rows)


def pay_link_keyboard(url: str, amount_kopecks: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [
                InlineKeyboardButton(
                    text=_("payments.button_pay_link").format(amount=rubles(amount_kopecks)),
                    url=url,
                )
            ]
        ]
    )


def _button(label: str, action: WindowAction, key: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(
        text=_(label), callback_data=WindowButton(action=action, key=key).pack()
    )
