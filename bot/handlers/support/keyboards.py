"""Buttons of «Сообщения»: the dialog's pages ‹ ›, «Написать», «Заказать услугу», «Мои
обращения», «Готово»."""

from __future__ import annotations

from enum import StrEnum

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from aiogram.utils.i18n import gettext as _

from core.pagination import Page
from core.support.views import SupportMessageView


class SupportAction(StrEnum):
    WRITE = "write"
    ORDER = "order"
    DONE = "done"
    CASES = "cases"


class SupportButton(CallbackData, prefix="sp"):
    action: SupportAction


class SupportPage(CallbackData, prefix="sp_pg"):
    page: int


def _button(text: str, data: CallbackData) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=text, callback_data=data.pack())


def dialog_keyboard(page: Page[SupportMessageView]) -> InlineKeyboardMarkup:
    rows: list[list[InlineKeyboardButton]] = []
    turns = []
    if page.has_previous:
        turns.append(_button("‹", SupportPage(page=page.page - 1)))
    if page.has_next:
        turns.append(_button("›", SupportPage(page=page.page + 1)))
    if turns:
        rows.append(turns)
    rows.append(
        [
            _button(_("support.button_write"), SupportButton(action=SupportAction.WRITE)),
            _button(_("support.button_order"), SupportButton(action=SupportAction.ORDER)),
        ]
    )
    rows.append([_button(_("support.button_cases"), SupportButton(action=SupportAction.CASES))])
    return InlineKeyboardMarkup(inline_keyboard=rows)


def done_keyboard() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [_button(_("support.button_done"), SupportButton(action=SupportAction.DONE))]
        ]
    )
