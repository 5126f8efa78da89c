"""Buttons of «История»: the account, what to show (readings; charges and payments to come),
the meter, the pages ‹ ›, and a reading's photo."""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from aiogram.utils.i18n import gettext as _

from core.accounts.views import LinkedAccountView
from core.history.views import ReadingRecord
from core.pagination import Page
from core.readings.views import MeterView


class HistoryKind(StrEnum):
    READINGS = "readings"
    # Charges and payments join here with their issue: a kind, its label and its screen.


KIND_LABELS = {HistoryKind.READINGS: "history.button_readings"}


class HistoryAccount(CallbackData, prefix="hs_acc"):
    account_id: int


class HistoryKindButton(CallbackData, prefix="hs_kind"):
    kind: HistoryKind
    account_id: int


class ReadingsPage(CallbackData, prefix="hs_rd"):
    """`meter_id` 0: every meter of the account."""

    account_id: int
    meter_id: int
    page: int


class ReadingPhoto(CallbackData, prefix="hs_ph"):
    account_id: int
    reading_id: int


def accounts_keyboard(accounts: Sequence[LinkedAccountView]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [
                InlineKeyboardButton(
                    text=_("history.account_button").format(number=account.number),
                    callback_data=HistoryAccount(account_id=account.account_id).pack(),
                )
            ]
            for account in accounts
        ]
    )


def kinds_keyboard(account_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [
                InlineKeyboardButton(
                    text=_(label),
                    callback_data=HistoryKindButton(kind=kind, account_id=account_id).pack(),
                )
            ]
            for kind, label in KIND_LABELS.items()
        ]
    )


def meters_keyboard(account_id: int, meters: Sequence[MeterView]) -> InlineKeyboardMarkup:
    rows = [
        [
            InlineKeyboardButton(
                text=_("history.meter_button").format(serial=meter.serial),
                callback_data=ReadingsPage(account_id=account_id, meter_id=meter.id, page=1).pack(),
            )
        ]
        for meter in meters
    ]
    return InlineKeyboardMarkup(inline_keyboard=rows)


def readings_page_keyboard(
    account_id: int, meter_id: int, page: Page[ReadingRecord], photos: Sequence[tuple[int, str]]
) -> InlineKeyboardMarkup:
    """`photos`: (reading id, its date as shown) of the rows on the page that have a photo."""
    rows = [
        [
            InlineKeyboardButton(
                text=_("history.button_photo").format(date=shown_on),
                callback_data=ReadingPhoto(account_id=account_id, reading_id=reading_id).pack(),
            )
        ]
        for reading_id, shown_on in photos
    ]
    turns = []
    if page.has_previous:
        turns.append(_turn("‹", account_id, meter_id, page.page - 1))
    if page.has_next:
        turns.append(_turn("›", account_id, meter_id, page.page + 1))
    if turns:
        rows.append(turns)
    return InlineKeyboardMarkup(inline_keyboard=rows)


def _turn(label: str, account_id: int, meter_id: int, page: int) -> InlineKeyboardButton:
    return InlineKeyboardButton(
        text=label,
        callback_data=ReadingsPage(account_id=account_id, meter_id=meter_id, page=page).pack(),
    )
