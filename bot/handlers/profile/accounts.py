"""«Управление лицевыми счетами»: the user's accounts and requests, unlinking with a confirmation,
and the way to add one (the linking section answers «Добавить лицевой счёт»)."""

from __future__ import annotations

from aiogram import F, Router, html
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery
from aiogram.utils.i18n import gettext as _

from bot.errors_text import error_text
from bot.handlers.profile.keyboards import (
    AccountAction,
    AccountButton,
    ProfileButton,
    ProfileScreen,
    accounts_keyboard,
    unlink_confirmation_keyboard,
)
from bot.handlers.profile.screens import show
from core.accounts.errors import NotAccountOwner
from core.accounts.views import LinkedAccountView
from core.cabinet import Cabinet
from core.enums import LinkStatus
from core.users.views import UserView


async def list_accounts(
    query: CallbackQuery, state: FSMContext, cabinet: Cabinet, user: UserView
) -> None:
    await state.clear()
    await _show_list(query, cabinet, user)


async def ask_to_unlink(
    query: CallbackQuery, callback_data: AccountButton, cabinet: Cabinet, user: UserView
) -> None:
    account = await _own_account(cabinet, user, callback_data.account_id)
    if account is None:
        await _refuse(query, cabinet, callback_data.account_id)
        return
    text = _("profile.unlink_confirm").format(number=html.quote(account.number))
    await show(query, text, unlink_confirmation_keyboard(account.account_id))


async def unlink(
    query: CallbackQuery, callback_data: AccountButton, cabinet: Cabinet, user: UserView
) -> None:
    try:
        await cabinet.accounts.unlink(user.id, callback_data.account_id)
    except NotAccountOwner as refused:  # another user's account, or a second press
        await query.answer(error_text(refused, cabinet.settings.tz), show_alert=True)
        return
    await _show_list(query, cabinet, user, _("profile.unlinked"))


async def _show_list(
    query: CallbackQuery, cabinet: Cabinet, user: UserView, note: str | None = None
) -> None:
    accounts = await cabinet.accounts.list_accounts(user.id)
    lines = [note, ""] if note else []
    if accounts:
        lines.append(_("profile.accounts_title"))
        lines += [_account_line(account) for account in accounts]
    else:
        lines.append(_("profile.accounts_none"))
    await show(query, "\n".join(lines), accounts_keyboard(accounts))


def _account_line(account: LinkedAccountView) -> str:
    number = html.quote(account.number)
    if account.status is LinkStatus.PENDING:  # the address is shown once staff confirm the link
        return _("profile.account_pending").format(number=number)
    return _("profile.account_active").format(number=number, address=html.quote(account.address))


async def _own_account(
    cabinet: Cabinet, user: UserView, account_id: int
) -> LinkedAccountView | None:
    """The user's active account or request under review with this id (both can be removed)."""
    accounts = await cabinet.accounts.list_accounts(user.id)
    return next((account for account in accounts if account.account_id == account_id), None)


async def _refuse(query: CallbackQuery, cabinet: Cabinet, account_id: int) -> None:
    await query.answer(
        error_text(NotAccountOwner(account_id), cabinet.settings.tz), show_alert=True
    )


def create_router() -> Router:
    router = Router(name="profile_accounts")
    router.callback_query.register(
        list_accounts, ProfileButton.filter(F.screen == ProfileScreen.ACCOUNTS)
    )
    router.callback_query.register(
        ask_to_unlink, AccountButton.filter(F.action == AccountAction.UNLINK)
    )
    router.callback_query.register(
        unlink, AccountButton.filter(F.action == AccountAction.UNLINK_CONFIRMED)
    )
    return router
