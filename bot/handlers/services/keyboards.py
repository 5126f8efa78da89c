"""Buttons of «Заказать услугу» (the customer) and of a request's card (the staff)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from enum import StrEnum

from aiogram.filters.callback_data import CallbackData
from aiogram.types import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
)
from aiogram.utils.i18n import gettext as _

from core.accounts.views import LinkedAccountView
from core.enums import ServiceRequestStatus
from core.readings.views import MeterView
from core.support.catalogue import CATALOGUE, ServiceCode


class ServiceChoice(CallbackData, prefix="sv_s"):
    service: ServiceCode


class ServiceAccount(CallbackData, prefix="sv_a"):
    account_id: int


class ServiceMeter(CallbackData, prefix="sv_m"):
    meter_id: int


class ServiceDate(CallbackData, prefix="sv_d"):
    """`day`: days since 1 Jan of year 1 (`date.toordinal`); 0: no preference."""

    day: int


CONTRACT_CALLBACK = "sv_contract"  # «Заключить договор» without an account


class ContractStep(CallbackData, prefix="sv_c"):
    send: bool


class OrderStep(StrEnum):
    NO_COMMENT = "no_comment"
    SEND = "send"
    CANCEL = "cancel"


class OrderButton(CallbackData, prefix="sv_o"):
    step: OrderStep


class RequestAction(StrEnum):
    ACCEPT = "accept"
    SCHEDULE = "schedule"
    DONE = "done"
    REFUSE = "refuse"


# Which status each button leads to: the card shows only the buttons its status allows.
ACTION_STATUS = {
    RequestAction.ACCEPT: ServiceRequestStatus.ACCEPTED,
    RequestAction.SCHEDULE: ServiceRequestStatus.SCHEDULED,
    RequestAction.DONE: ServiceRequestStatus.DONE,
    RequestAction.REFUSE: ServiceRequestStatus.REFUSED,
}


class RequestButton(CallbackData, prefix="sv_r"):
    request_id: int
    action: RequestAction


def _button(text: str, data: CallbackData) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=text, callback_data=data.pack())


def services_keyboard() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [_button(_(f"services.name_{code.value}"), ServiceChoice(service=code))]
            for code in CATALOGUE
        ]
    )


def meters_keyboard(meters: Sequence[MeterView]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [
                _button(
                    _("services.meter_button").format(serial=meter.serial, model=meter.model),
                    ServiceMeter(meter_id=meter.id),
                )
            ]
            for meter in meters
        ]
    )


def accounts_keyboard(accounts: Sequence[LinkedAccountView]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [
                _button(
                    _("services.account_button").format(number=account.number),
                    ServiceAccount(account_id=account.account_id),
                )
            ]
            for account in accounts
        ]
    )


def dates_keyboard(days: Sequence[date]) -> InlineKeyboardMarkup:
    rows = [
        [_button(day.strftime("%d.%m.%Y"), ServiceDate(day=day.toordinal())) for day in pair]
        for pair in (days[i : i + 2] for i in range(0, len(days), 2))
    ]
    rows.append([_button(_("services.button_any_date"), ServiceDate(day=0))])
    return InlineKeyboardMarkup(inline_keyboard=rows)


def comment_keyboard() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [_button(_("services.button_no_comment"), OrderButton(step=OrderStep.NO_COMMENT))]
        ]
    )


def confirm_keyboard() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [
                _button(_("services.button_send"), OrderButton(step=OrderStep.SEND)),
                _button(_("services.button_cancel"), OrderButton(step=OrderStep.CANCEL)),
            ]
        ]
    )


def request_card_keyboard(
    request_id: int, status: ServiceRequestStatus, locale: str
) -> InlineKeyboardMarkup | None:
    allowed = {
        ServiceRequestStatus.NEW: (RequestAction.ACCEPT, RequestAction.REFUSE),
        ServiceRequestStatus.ACCEPTED: (RequestAction.SCHEDULE, RequestAction.REFUSE),
        ServiceRequestStatus.SCHEDULED: (
            RequestAction.DONE,
            RequestAction.SCHEDULE,
            RequestAction.REFUSE,
        ),
    }.get(status, ())
    if not allowed:
        return None
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [
                _button(
                    _(f"services.staff_button_{action.value}", locale=locale),
                    RequestButton(request_id=request_id, action=action),
                )
                for action in allowed
            ]
        ]
    )


def contract_button() -> InlineKeyboardButton:
    return InlineKeyboardButton(text=_("services.contract_button"), callback_data=CONTRACT_CALLBACK)


def contract_confirm_keyboard() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [
                _button(_("services.button_send"), ContractStep(send=True)),
                _button(_("services.button_cancel"), ContractStep(send=False)),
            ]
        ]
    )


def own_phone_keyboard(phone: str) -> ReplyKeyboardMarkup:
    """The sign-in phone on a button: one press instead of typing it."""
    return ReplyKeyboardMarkup(
        keyboard=[[KeyboardButton(text=phone)]], resize_keyboard=True, one_time_keyboard=True
    )
