"""«⚡ Отключения» in the main menu: the current and planned power cuts at the addresses of the
customer's linked accounts, or a line saying there are none."""

from __future__ import annotations

from aiogram import Router
from aiogram.fsm.context import FSMContext
from aiogram.types import Message
from aiogram.utils.i18n import gettext as _

from bot.handlers.home.keyboards import add_account_keyboard
from bot.handlers.outages.texts import customer_list
from core.cabinet import Cabinet
from core.enums import LinkStatus
from core.users.views import UserView


async def open_section(
    message: Message, state: FSMContext, cabinet: Cabinet, user: UserView | None
) -> None:
    if user is None:  # the menu signs people in first; this only guards a direct call
        return
    views = await cabinet.outages.for_user(user.id)
    linked = [
        account
        for account in await cabinet.accounts.list_accounts(user.id)
        if account.status is LinkStatus.ACTIVE
    ]
    if not views and not linked:
        await message.answer(_("outages.no_accounts"), reply_markup=add_account_keyboard())
        return
    await message.answer(customer_list(views, cabinet.clock.now(), cabinet.settings.tz))


def create_router() -> Router:
    """None yet: the section answers its menu button only (`open_section`)."""
    return Router(name="outages")
