"""The callback of the buttons under notifications (answered in
`bot/handlers/notifications/buttons.py`); ids only, ownership re-checked on press."""

from __future__ import annotations

from enum import StrEnum

from aiogram.filters.callback_data import CallbackData


class NotifyAction(StrEnum):
    READINGS = "rd"
    PAY = "pay"


class NotifyButton(CallbackData, prefix="ntf"):
    action: NotifyAction
    account_id: int = 0


class NotifySettings(CallbackData, prefix="nset"):
    """«Уведомления» in «Профиль»: `kind` empty opens the screen, a kind flips its switch."""

    kind: str = ""
