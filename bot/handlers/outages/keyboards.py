"""Buttons of `/outage` in the staff group. Callback data carry an action and an index (the
branch's among those offered) or the outage's id; nothing else."""

from __future__ import annotations

from enum import StrEnum

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.staff_texts import t


class OutageAction(StrEnum):
    PLANNED = "planned"
    EMERGENCY = "emergency"
    BRANCH = "branch"
    SEND = "send"
    CANCEL = "cancel"
    RESTORED = "restored"  # under a sent one: the power is back


class OutageButton(CallbackData, prefix="outage"):
    action: OutageAction
    index: int = 0  # a branch's place in the list offered; the outage's id for RESTORED


def _button(text_key: str, action: OutageAction, index: int = 0) -> InlineKeyboardButton:
    return InlineKeyboardButton(
        text=t(text_key), callback_data=OutageButton(action=action, index=index).pack()
    )


def cancel_row() -> list[InlineKeyboardButton]:
    return [_button("outages.staff_button_cancel", OutageAction.CANCEL)]


def kind_keyboard() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [
                _button("outages.staff_button_planned", OutageAction.PLANNED),
                _button("outages.staff_button_emergency", OutageAction.EMERGENCY),
            ],
            cancel_row(),
        ]
    )


def branches_keyboard(branches: list[str]) -> InlineKeyboardMarkup:
    rows = [
        [
            InlineKeyboardButton(
                text=branch,
                callback_data=OutageButton(action=OutageAction.BRANCH, index=index).pack(),
            )
        ]
        for index, branch in enumerate(branches)
    ]
    return InlineKeyboardMarkup(inline_keyboard=[*rows, cancel_row()])


def cancel_keyboard() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=[cancel_row()])


def confirm_keyboard() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [
                _button("outages.staff_button_send", OutageAction.SEND),
                _button("outages.staff_button_cancel", OutageAction.CANCEL),
            ]
        ]
    )


def restored_keyboard(outage_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [_button("outages.staff_button_restored", OutageAction.RESTORED, outage_id)]
        ]
    )
