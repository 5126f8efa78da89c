"""The reply keyboard of «Телефон для входа»: share one's own number, or cancel."""

from __future__ import annotations

from aiogram.types import KeyboardButton, ReplyKeyboardMarkup
from aiogram.utils.i18n import gettext as _

PHONE_SHARE = "profile.phone_button_share"
PHONE_CANCEL = "profile.phone_button_cancel"


def share_phone_keyboard() -> ReplyKeyboardMarkup:
    return ReplyKeyboardMarkup(
        keyboard=[
            [KeyboardButton(text=_(PHONE_SHARE), request_contact=True)],
            [KeyboardButton(text=_(PHONE_CANCEL))],
        ],
        resize_keyboard=True,
        is_persistent=True,
    )
