"""Buttons of «Профиль»: its sections, a button per field, history pages, accounts, confirmations."""

from __future__ import annotations

from enum import StrEnum
from typing import TypeVar

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from aiogram.utils.i18n import gettext as _

from bot.handlers.home.keyboards import add_account_button
from bot.notifications.buttons import NotifySettings
from core.accounts.views import LinkedAccountView
from core.pagination import Page
from core.users.profile_fields import ProfileField

T = TypeVar("T")


class ProfileScreen(StrEnum):
    OVERVIEW = "overview"
    PERSONAL = "personal"
    CONTACTS = "contacts"
    PASSWORD = "password"
    EMAIL = "email"
    EMAIL_RESEND = "email_again"
    PHONE = "phone"
    PASSWORD_BY_PHONE = "pw_phone"
    HISTORY = "history"
    ACCOUNTS = "accounts"
    SIGN_OUT = "sign_out"
    SIGN_OUT_CONFIRMED = "sign_out_yes"
    DELETE = "delete"
    DELETE_CONFIRMED = "delete_yes"


class ProfileButton(CallbackData, prefix="prof"):
    screen: ProfileScreen


class FieldAction(StrEnum):
    EDIT = "edit"
    CLEAR = "clear"


class FieldButton(CallbackData, prefix="pfield"):
    action: FieldAction
    field: ProfileField


class HistoryPageButton(CallbackData, prefix="phist"):
    page: int


class AccountAction(StrEnum):
    UNLINK = "unlink"
    UNLINK_CONFIRMED = "unlink_yes"


class AccountButton(CallbackData, prefix="pacc"):
    action: AccountAction
    account_id: int


PERSONAL_FIELDS = (
    ProfileField.LAST_NAME,
    ProfileField.FIRST_NAME,
    ProfileField.MIDDLE_NAME,
    ProfileField.GENDER,
    ProfileField.BIRTH_DATE,
    ProfileField.CITIZENSHIP,
)
CONTACT_FIELDS = (
    ProfileField.REGION,
    ProfileField.POSTAL_CODE,
    ProfileField.LOCALITY,
    ProfileField.STREET,
    ProfileField.HOUSE,
    ProfileField.LETTER,
    ProfileField.BUILDING,
    ProfileField.APARTMENT,
    ProfileField.INTERCOM,
    ProfileField.CONTACT_EMAIL,
    ProfileField.CONTACT_PHONE,
)


def field_label(field: ProfileField) -> str:
    return _(f"profile.field_{field.value}")


def screen_button(label_key: str, screen: ProfileScreen) -> InlineKeyboardButton:
    return InlineKeyboardButton(
        text=_(label_key), callback_data=ProfileButton(screen=screen).pack()
    )


def back_to(screen: ProfileScreen) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=[[screen_button("profile.button_back", screen)]])


def overview_keyboard() -> InlineKeyboardMarkup:
    rows = [
        [
            ("profile.button_personal", ProfileScreen.PERSONAL),
            ("profile.button_contacts", ProfileScreen.CONTACTS),
        ],
        [
            ("profile.button_password", ProfileScreen.PASSWORD),
            ("profile.button_email", ProfileScreen.EMAIL),
        ],
        [
            ("profile.button_history", ProfileScreen.HISTORY),
            ("profile.button_accounts", ProfileScreen.ACCOUNTS),
        ],
        [
            ("profile.button_sign_out", ProfileScreen.SIGN_OUT),
            ("profile.button_delete", ProfileScreen.DELETE),
        ],
    ]
    markup = [[screen_button(key, screen) for key, screen in row] for row in rows]
    markup.insert(3, [notifications_button()])  # bot/handlers/profile/notifications.py
    markup.insert(1, [screen_button("profile.button_phone", ProfileScreen.PHONE)])
    return InlineKeyboardMarkup(inline_keyboard=markup)


def notifications_button() -> InlineKeyboardButton:
    return InlineKeyboardButton(
        text=_("notifications.profile_button"), callback_data=NotifySettings().pack()
    )


def fields_keyboard(fields: tuple[ProfileField, ...]) -> InlineKeyboardMarkup:
    buttons = [
        InlineKeyboardButton(
            text=field_label(field),
            callback_data=FieldButton(action=FieldAction.EDIT, field=field).pack(),
        )
        for field in fields
    ]
    rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    rows.append([screen_button("profile.button_back", ProfileScreen.OVERVIEW)])
    return InlineKeyboardMarkup(inline_keyboard=rows)


def field_prompt_keyboard(field: ProfileField, section: ProfileScreen) -> InlineKeyboardMarkup:
    clear = InlineKeyboardButton(
        text=_("profile.button_clear"),
        callback_data=FieldButton(action=FieldAction.CLEAR, field=field).pack(),
    )
    return InlineKeyboardMarkup(
        inline_keyboard=[[clear, screen_button("profile.button_cancel", section)]]
    )


def history_keyboard(page: Page[T]) -> InlineKeyboardMarkup:
    paging = []
    if page.has_previous:
        paging.append(
            InlineKeyboardButton(
                text="‹", callback_data=HistoryPageButton(page=page.page - 1).pack()
            )
        )
    if page.has_next:
        paging.append(
            InlineKeyboardButton(
                text="›", callback_data=HistoryPageButton(page=page.page + 1).pack()
            )
        )
    rows = [paging] if paging else []
    rows.append([screen_button("profile.button_back", ProfileScreen.OVERVIEW)])
    return InlineKeyboardMarkup(inline_keyboard=rows)


def accounts_keyboard(accounts: list[LinkedAccountView]) -> InlineKeyboardMarkup:
    rows = [
        [
            InlineKeyboardButton(
                text=_("profile.button_unlink").format(number=account.number),
                callback_data=AccountButton(
                    action=AccountAction.UNLINK, account_id=account.account_id
                ).pack(),
            )
        ]
        for account in accounts
    ]
    rows.append([add_account_button()])
    rows.append([screen_button("profile.button_back", ProfileScreen.OVERVIEW)])
    return InlineKeyboardMarkup(inline_keyboard=rows)


def unlink_confirmation_keyboard(account_id: int) -> InlineKeyboardMarkup:
    yes = InlineKeyboardButton(
        text=_("profile.button_unlink_yes"),
        callback_data=AccountButton(
            action=AccountAction.UNLINK_CONFIRMED, account_id=account_id
        ).pack(),
    )
    return InlineKeyboardMarkup(
        inline_keyboard=[[yes, screen_button("profile.button_no", ProfileScreen.ACCOUNTS)]]
    )


def confirmation_keyboard(
    yes_key: str, confirmed: ProfileScreen, back: ProfileScreen = ProfileScreen.OVERVIEW
) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [screen_button(yes_key, confirmed), screen_button("profile.button_no", back)]
        ]
    )


def old_password_keyboard(can_prove_phone: bool) -> InlineKeyboardMarkup:
    """Under «Напишите текущий пароль»: the way round it by the phone, for those who have one."""
    rows = []
    if can_prove_phone:
        rows.append(
            [screen_button("profile.button_password_by_phone", ProfileScreen.PASSWORD_BY_PHONE)]
        )
    rows.append([screen_button("profile.button_back", ProfileScreen.OVERVIEW)])
    return InlineKeyboardMarkup(inline_keyboard=rows)


def email_code_keyboard() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [screen_button("profile.button_email_resend", ProfileScreen.EMAIL_RESEND)],
            [screen_button("profile.button_email_other", ProfileScreen.EMAIL)],
            [screen_button("profile.button_cancel", ProfileScreen.OVERVIEW)],
        ]
    )
