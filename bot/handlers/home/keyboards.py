"""Buttons of «Главная»: those under an account card and the offer to add an account."""

from __future__ import annotations

from enum import StrEnum

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from aiogram.utils.i18n import gettext as _

from bot.handlers.linking.keyboards import START_LINKING_CALLBACK

# The linking section answers this; it is shared with the profile's list of accounts.


class CardAction(StrEnum):
    READINGS = "readings"
    PAY = "pay"
    BILL = "bill"  # the latest period's bill
    HISTORY = "history"
    REPLACE_METER = "meter"  # «Заменить счётчик»: the request with the account and meter in it
    ORDER = "order"  # «Заказать услугу» for this account


class CardButton(CallbackData, prefix="home"):
    action: CardAction
    account_id: int


_CARD_LABELS = {
    CardAction.READINGS: "home.button_readings",
    CardAction.PAY: "home.button_pay",
    CardAction.BILL: "home.button_bill",
    CardAction.HISTORY: "home.button_history",
    CardAction.REPLACE_METER: "home.button_replace_meter",
    CardAction.ORDER: "home.button_order",
}


def card_keyboard(account_id: int) -> InlineKeyboardMarkup:
    buttons = [
        InlineKeyboardButton(
            text=_(label), callback_data=CardButton(action=action, account_id=account_id).pack()
        )
        for action, label in _CARD_LABELS.items()
    ]
    return InlineKeyboardMarkup(inline_keyboard=[buttons[i : i + 2] for i in range(0, 6, 2)])


def add_account_keyboard() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=[[add_account_button()]])


def add_account_button() -> InlineKeyboardButton:
    return InlineKeyboardButton(
        text=_("home.button_add_account"), callback_data=START_LINKING_CALLBACK
    )
