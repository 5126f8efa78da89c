"""The buttons under notifications: «Передать показания» opens the readings dialog, «Оплатить»
the payment of the bill's account (its owner re-checked there), whatever dialog was open before.
«Квитанция» is the bills section's own button (`bot.handlers.bills.keyboards.BillButton`)."""

from __future__ import annotations

from aiogram import Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext as _

from bot.filters.private_chat import pressed_in_private_chat
from bot.filters.signed_in import SignedIn
from bot.handlers.payments import router as payments
from bot.handlers.readings import router as readings
from bot.notifications.buttons import NotifyAction, NotifyButton
from core.cabinet import Cabinet
from core.users.views import UserView


async def button_pressed(
    query: CallbackQuery,
    callback_data: NotifyButton,
    state: FSMContext,
    cabinet: Cabinet,
    user: UserView,
) -> None:
    message = query.message
    if not isinstance(message, Message):
        await query.answer(_("notifications.button_outdated"), show_alert=True)
        return
    await query.answer()
    await state.clear()
    if callback_data.action is NotifyAction.READINGS:
        await readings.open_section(message, state, cabinet, user)
    else:
        await payments.open_for_account(message, state, cabinet, user, callback_data.account_id)


async def signed_out(query: CallbackQuery) -> None:
    await query.answer(_("notifications.sign_in_first"), show_alert=True)


def create_router() -> Router:
    router = Router(name="notification_buttons")
    router.callback_query.filter(pressed_in_private_chat)
    router.callback_query.register(button_pressed, NotifyButton.filter(), SignedIn())
    router.callback_query.register(signed_out, NotifyButton.filter())
    return router
