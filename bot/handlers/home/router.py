"""«Главная»: a card per linked account, requests under review, or the offer to add an account."""

from __future__ import annotations

from aiogram import Router, html
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext as _

from bot.filters.signed_in import SignedIn
from bot.handlers.bills import router as bills
from bot.handlers.common.account_owner import owns_account
from bot.handlers.history import router as history
from bot.handlers.home.card import card_text
from bot.handlers.home.keyboards import CardAction, CardButton, add_account_keyboard, card_keyboard
from bot.handlers.payments import router as payments
from bot.handlers.readings import router as readings
from bot.handlers.services import router as services
from bot.handlers.services.keyboards import contract_button
from core.accounts.views import LinkedAccountView
from core.cabinet import Cabinet
from core.enums import LinkStatus
from core.users.views import UserView


async def open_section(
    message: Message, state: FSMContext, cabinet: Cabinet, user: UserView | None
) -> None:
    if user is None:  # the menu signs people in first; this only guards a direct call
        return
    cards = await cabinet.accounts.dashboard(user.id)
    pending = [
        linked
        for linked in await cabinet.accounts.list_accounts(user.id)
        if linked.status is LinkStatus.PENDING
    ]
    for card in cards:
        await message.answer(
            card_text(card, cabinet.settings.tz), reply_markup=card_keyboard(card.account_id)
        )
    if pending:
        await message.answer(_pending_text(pending))
    if not cards:
        keyboard = add_account_keyboard()
        keyboard.inline_keyboard.append([contract_button()])
        await message.answer(_("home.no_accounts"), reply_markup=keyboard)


def _pending_text(pending: list[LinkedAccountView]) -> str:
    # Only the number the user typed: the address is theirs to see once staff confirm the link.
    numbers = "\n".join(f"• {html.quote(linked.number)}" for linked in pending)
    return _("home.pending_requests").format(numbers=numbers)


async def card_button_pressed(
    query: CallbackQuery,
    callback_data: CardButton,
    state: FSMContext,
    cabinet: Cabinet,
    user: UserView,
) -> None:
    if not await owns_account(query, cabinet, user, callback_data.account_id):
        return
    message = query.message if isinstance(query.message, Message) else None
    if message is None:
        await query.answer(_("home.section_coming"), show_alert=True)
        return
    if callback_data.action is CardAction.BILL:
        await bills.bill_for(query, cabinet, user, callback_data.account_id, None)
        return
    await query.answer()
    if callback_data.action is CardAction.READINGS:
        await readings.open_for_account(message, state, cabinet, callback_data.account_id)
    elif callback_data.action is CardAction.ORDER:
        await services.start_order(message, state, cabinet, user, callback_data.account_id)
    elif callback_data.action is CardAction.REPLACE_METER:
        await services.replace_meter(message, state, cabinet, user, callback_data.account_id)
    elif callback_data.action is CardAction.PAY:
        await payments.open_for_account(message, state, cabinet, user, callback_data.account_id)
    else:
        await history.open_for_account(message, state, cabinet, user, callback_data.account_id)


def create_router() -> Router:
    router = Router(name="home")
    router.callback_query.register(card_button_pressed, CardButton.filter(), SignedIn())
    return router
