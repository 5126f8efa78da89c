"""Buttons under a link request in the staff group (texts in the staff group's language)."""

from __future__ import annotations

from enum import StrEnum

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from aiogram.utils.i18n import gettext as _


class ReviewAction(StrEnum):
    APPROVE = "approve"
    REJECT = "reject"
    KEEP = "keep"  # changed one's mind about rejecting: the request stays open


class ReviewButton(CallbackData, prefix="review"):
    action: ReviewAction
    link_id: int


def _button(label: str, action: ReviewAction, link_id: int, locale: str) -> InlineKeyboardButton:
    data = ReviewButton(action=action, link_id=link_id).pack()
    return InlineKeyboardButton(text=_(label, locale=locale), callback_data=data)


def review_keyboard(link_id: int, locale: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [
                _button("staff.button_approve", ReviewAction.APPROVE, link_id, locale),
                _button("staff.button_reject", ReviewAction.REJECT, link_id, locale),
            ]
        ]
    )


def keep_open_keyboard(link_id: int, locale: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[[_button("staff.button_keep", ReviewAction.KEEP, link_id, locale)]]
    )
