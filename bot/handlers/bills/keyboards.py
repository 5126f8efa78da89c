"""The «Квитанция» button: a period's bill of an account as a PDF.

Shared: the account card on «Главная», the charges history and the new-bill notification put it
on their messages; `bot/handlers/bills/router.py` answers it (ownership re-checked there)."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton
from aiogram.utils.i18n import gettext as _


class BillButton(CallbackData, prefix="bill"):
    """`period` is `YYYY-MM`."""

    account_id: int
    period: str


def bill_button(account_id: int, period: str, text: str | None = None) -> InlineKeyboardButton:
    return InlineKeyboardButton(
        text=text or _("bills.button_bill"),
        callback_data=BillButton(account_id=account_id, period=period).pack(),
    )
