"""Buttons of «История»: the account, what to show (readings, charges, payments, the chart),
the meter, the pages ‹ ›, a reading's photo, a period's bill and a payment's receipt."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from enum import StrEnum
from typing import Any

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from aiogram.utils.i18n import gettext as _

from bot.handlers.bills.keyboards import bill_button
from bot.handlers.home.keyboards import CardAction, CardButton
from core.accounts.views import LinkedAccountView
from core.history.views import PaymentRecord, PeriodCharges, ReadingRecord
from core.pagination import Page
from core.readings.views import MeterView


class HistoryKind(StrEnum):
    READINGS = "readings"
    CHARGES = "charges"
    PAYMENTS = "payments"
    CHART = "chart"


KIND_LABELS = {
    HistoryKind.READINGS: "history.button_readings",
    HistoryKind.CHARGES: "history.button_charges",
    HistoryKind.PAYMENTS: "history.button_payments",
    HistoryKind.CHART: "history.button_chart",
}


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


class ChargesPage(CallbackData, prefix="hs_ch"):
    account_id: int
    page: int


class PaymentsPage(CallbackData, prefix="hs_pm"):
    account_id: int
    page: int


class ReceiptButton(CallbackData, prefix="hs_rc"):
    account_id: int
    payment_id: int


class HistoryAccounts(CallbackData, prefix="hs_all"):
    """«Другой лицевой счёт» under a history page: the list of the customer's accounts."""


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
    buttons = [
        InlineKeyboardButton(
            text=_(label),
            callback_data=HistoryKindButton(kind=kind, account_id=account_id).pack(),
        )
        for kind, label in KIND_LABELS.items()
    ]
    return InlineKeyboardMarkup(inline_keyboard=[buttons[:2], buttons[2:]])


def charges_page_keyboard(account_id: int, page: Page[PeriodCharges]) -> InlineKeyboardMarkup:
    """A «Квитанция» per period, two a row, then ‹ ›."""
    bills = [
        bill_button(
            account_id,
            row.period,
            _("history.button_bill").format(period=_short_period(row.period)),
        )
        for row in page.items
    ]
    rows = [bills[index : index + 2] for index in range(0, len(bills), 2)]
    pay = InlineKeyboardButton(  # answered by «Главная»'s card, as its own «Оплатить» is
        text=_("history.button_pay"),
        callback_data=CardButton(action=CardAction.PAY, account_id=account_id).pack(),
    )
    rows.append([pay])
    return _with_turns(
        rows, page, lambda number: ChargesPage(account_id=account_id, page=number), account_id
    )


def payments_page_keyboard(
    account_id: int, page: Page[PaymentRecord], receipts: Sequence[tuple[int, str]]
) -> InlineKeyboardMarkup:
    """`receipts`: (payment id, its date as shown) of the rows on the page with a receipt."""
    rows = [
        [
            InlineKeyboardButton(
                text=_("history.button_receipt").format(date=shown_on),
                callback_data=ReceiptButton(account_id=account_id, payment_id=payment_id).pack(),
            )
        ]
        for payment_id, shown_on in receipts
    ]
    return _with_turns(
        rows, page, lambda number: PaymentsPage(account_id=account_id, page=number), account_id
    )


def receipt_keyboard(ofd_url: str | None) -> InlineKeyboardMarkup | None:
    if not ofd_url or not ofd_url.startswith(("https://", "http://")):
        return None
    return InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text=_("history.button_check"), url=ofd_url)]]
    )


def _short_period(period: str) -> str:
    year, month = period.split("-")
    return f"{month}.{year}"


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
    return _with_turns(
        rows,
        page,
        lambda number: ReadingsPage(account_id=account_id, meter_id=meter_id, page=number),
        account_id,
    )


def _with_turns(
    rows: list[list[InlineKeyboardButton]],
    page: Page[Any],
    to_page: Callable[[int], CallbackData],
    account_id: int,
) -> InlineKeyboardMarkup:
    """`rows`, under them ‹ › to the pages next to `page` that exist, and last the way back: to
    the account's history menu and to another account."""
    turns = [
        InlineKeyboardButton(text=label, callback_data=to_page(number).pack())
        for label, number, shown in (
            ("‹", page.page - 1, page.has_previous),
            ("›", page.page + 1, page.has_next),
        )
        if shown
    ]
    if turns:
        rows.append(turns)
    rows.append(
        [
            InlineKeyboardButton(
                text=_("history.button_back_to_kinds"),
                callback_data=HistoryAccount(account_id=account_id).pack(),
            ),
            InlineKeyboardButton(
                text=_("history.button_other_account"), callback_data=HistoryAccounts().pack()
            ),
        ]
    )
    return InlineKeyboardMarkup(inline_keyboard=rows)
