"""Buttons of the linking dialog. The entry button (`link:start`) is shared with other sections."""

from __future__ import annotations

from enum import StrEnum

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from aiogram.utils.i18n import gettext as _

START_LINKING_CALLBACK = "link:start"


class LinkingAction(StrEnum):
    PHOTO = "photo"  # «Нет ЕЛС — отправлю фото счётчика»


class LinkingButton(CallbackData, prefix="linking"):
    action: LinkingAction
    account_id: int


def els_keyboard(account_id: int) -> InlineKeyboardMarkup:
    photo = LinkingButton(action=LinkingAction.PHOTO, account_id=account_id)
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [InlineKeyboardButton(text=_("linking.button_photo"), callback_data=photo.pack())]
        ]
    )


def add_another_keyboard() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [
                InlineKeyboardButton(
                    text=_("linking.button_add_another"), callback_data=START_LINKING_CALLBACK
                )
            ]
        ]
    )
