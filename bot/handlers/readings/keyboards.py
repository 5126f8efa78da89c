"""Buttons of «Передать показания»: which account and meter, and the summary's choices."""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from aiogram.utils.i18n import gettext as _

from core.accounts.views import LinkedAccountView
from core.readings.views import MeterView

OTHER_ACCOUNT_CALLBACK = "rd:other"


class AccountChoice(CallbackData, prefix="rd_acc"):
    account_id: int


class MeterChoice(CallbackData, prefix="rd_mtr"):
    meter_id: int


class SummaryAction(StrEnum):
    SEND = "send"
    FIX = "fix"
    PHOTO = "photo"
    REPLACE = "replace"


class SummaryButton(CallbackData, prefix="rd_sum"):
    """`key` is the submission key the summary was shown with: a press of an older summary's
    button is recognised as such."""

    action: SummaryAction
    key: str


def accounts_keyboard(accounts: Sequence[LinkedAccountView]) -> InlineKeyboardMarkup:
    rows = [
        [
            InlineKeyboardButton(
                text=_("readings.account_button").format(number=account.number),
                callback_data=AccountChoice(account_id=account.account_id).pack(),
            )
        ]
        for account in accounts
    ]
    rows.append([other_account_button()])
    return InlineKeyboardMarkup(inline_keyboard=rows)


def other_account_button() -> InlineKeyboardButton:
    return InlineKeyboardButton(
        text=_("readings.button_other_account"), callback_data=OTHER_ACCOUNT_CALLBACK
    )


def meters_keyboard(meters: Sequence[MeterView], masked: bool) -> InlineKeyboardMarkup:
    """The meters; the way to another account's under one of the customer's own (a relative's
    readings, with only one account linked)."""
    rows = [
        [
            InlineKeyboardButton(
                text=_("readings.meter_button").format(
                    serial=masked_serial(meter.serial) if masked else meter.serial,
                    model=meter.model,
                ),
                callback_data=MeterChoice(meter_id=meter.id).pack(),
            )
        ]
        for meter in meters
    ]
    if not masked:
        rows.append([other_account_button()])
    return InlineKeyboardMarkup(inline_keyboard=rows)


def other_account_keyboard() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=[[other_account_button()]])


def masked_serial(serial: str) -> str:
    """The last four digits, as a bill prints a card number: enough to tell meters apart."""
    return "•" * max(0, len(serial) - 4) + serial[-4:]


def summary_keyboard(key: str, needs_confirmation: bool, has_photo: bool) -> InlineKeyboardMarkup:
    send = "readings.button_confirm" if needs_confirmation else "readings.button_send"
    photo = "readings.button_other_photo" if has_photo else "readings.button_photo"
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [_button(send, SummaryAction.SEND, key)],
            [_button("readings.button_fix", SummaryAction.FIX, key)],
            [_button(photo, SummaryAction.PHOTO, key)],
        ]
    )


def replace_keyboard(key: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [_button("readings.button_replace", SummaryAction.REPLACE, key)],
            [_button("readings.button_fix", SummaryAction.FIX, key)],
        ]
    )


def _button(label: str, action: SummaryAction, key: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(
        text=_(label), callback_data=SummaryButton(action=action, key=key).pack()
    )
