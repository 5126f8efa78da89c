"""«Профиль» → «Уведомления»: a switch per optional notification (the window opens, the reminder
to send readings, a new bill, meter verification). A press flips one and redraws the screen."""

from __future__ import annotations

import contextlib

from aiogram import Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from aiogram.utils.i18n import gettext as _

from bot.filters.signed_in import SignedIn
from bot.handlers.profile.keyboards import ProfileScreen, screen_button
from bot.handlers.profile.screens import show
from bot.notifications.buttons import NotifySettings
from core.cabinet import Cabinet
from core.enums import NotificationKind
from core.notifications.preferences import SWITCHABLE
from core.users.views import UserView


def _keyboard(states: dict[NotificationKind, bool]) -> InlineKeyboardMarkup:
    rows = [
        [
            InlineKeyboardButton(
                text=_(
                    "notifications.state_on" if states[kind] else "notifications.state_off"
                ).format(kind=_(f"notifications.kind_{kind.value}")),
                callback_data=NotifySettings(kind=kind.value).pack(),
            )
        ]
        for kind in SWITCHABLE
    ]
    rows.append([screen_button("profile.button_back", ProfileScreen.OVERVIEW)])
    return InlineKeyboardMarkup(inline_keyboard=rows)


async def pressed(
    query: CallbackQuery, callback_data: NotifySettings, cabinet: Cabinet, user: UserView
) -> None:
    preferences = cabinet.notifications
    if callback_data.kind:
        try:
            kind = NotificationKind(callback_data.kind)
            if kind not in SWITCHABLE:
                raise ValueError(kind)
        except ValueError:  # a crafted callback: nothing to switch
            await query.answer(_("fallback.stale_button"), show_alert=True)
            return
        enabled = await preferences.toggle(user.id, kind)
        label = _(f"notifications.kind_{kind.value}")
        note = "notifications.switched_on" if enabled else "notifications.switched_off"
        states = await preferences.states(user.id)
        if isinstance(query.message, Message):
            with contextlib.suppress(TelegramBadRequest):  # "message is not modified"
                await query.message.edit_text(
                    _("notifications.settings_title"), reply_markup=_keyboard(states)
                )
        await query.answer(_(note).format(kind=label))
        return
    states = await preferences.states(user.id)
    await show(query, _("notifications.settings_title"), _keyboard(states))


def create_router() -> Router:
    router = Router(name="profile_notifications")
    router.callback_query.register(pressed, NotifySettings.filter(), SignedIn())
    return router
