"""Buttons of the way in: consent, the three ways to sign in, codes, «Добавить лицевой счёт»."""

from __future__ import annotations

from enum import StrEnum

from aiogram.filters.callback_data import CallbackData
from aiogram.types import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
)
from aiogram.utils.i18n import gettext as _

from bot.handlers.linking.keyboards import START_LINKING_CALLBACK

# The linking section's entry point (handled by bot/handlers/linking/router.py).

WAY_CONTACT = "start.way_contact"
WAY_EMAIL = "start.way_email"
WAY_PASSWORD = "start.way_password"


class OnboardingAction(StrEnum):
    BEGIN = "begin"
    AGREE = "agree"
    DECLINE = "decline"
    RESEND_CODE = "resend"
    FORGOT_PASSWORD = "forgot"
    RESEND_RESET_CODE = "resend_reset"


class OnboardingCallback(CallbackData, prefix="onb"):
    action: OnboardingAction


def _button(text: str, action: OnboardingAction) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=text, callback_data=OnboardingCallback(action=action).pack())


def _one_button(text: str, action: OnboardingAction) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=[[_button(text, action)]])


def sign_in_keyboard() -> InlineKeyboardMarkup:
    return _one_button(_("start.button_sign_in"), OnboardingAction.BEGIN)


def consent_keyboard() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [
                _button(_("start.button_agree"), OnboardingAction.AGREE),
                _button(_("start.button_decline"), OnboardingAction.DECLINE),
            ]
        ]
    )


def ways_in_keyboard() -> ReplyKeyboardMarkup:
    return ReplyKeyboardMarkup(
        keyboard=[
            [KeyboardButton(text=_(WAY_CONTACT), request_contact=True)],
            [KeyboardButton(text=_(WAY_EMAIL)), KeyboardButton(text=_(WAY_PASSWORD))],
        ],
        resize_keyboard=True,
        is_persistent=True,
    )


def resend_code_keyboard() -> InlineKeyboardMarkup:
    return _one_button(_("start.button_resend_code"), OnboardingAction.RESEND_CODE)


def resend_reset_code_keyboard() -> InlineKeyboardMarkup:
    return _one_button(_("start.button_resend_code"), OnboardingAction.RESEND_RESET_CODE)


def forgot_password_keyboard() -> InlineKeyboardMarkup:
    return _one_button(_("start.button_forgot_password"), OnboardingAction.FORGOT_PASSWORD)


def add_account_keyboard() -> InlineKeyboardMarkup:
    button = InlineKeyboardButton(
        text=_("start.button_add_account"), callback_data=START_LINKING_CALLBACK
    )
    return InlineKeyboardMarkup(inline_keyboard=[[button]])
