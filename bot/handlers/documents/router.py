"""«📄 Документы» in the main menu: an account (chosen when there are several), its documents, and
the PDF of the one pressed; ownership is checked by core on every press."""

from __future__ import annotations

from aiogram import Router, html
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, FSInputFile, Message
from aiogram.utils.i18n import gettext as _

from bot.filters.signed_in import SignedIn
from bot.handlers.common.dialog import message_of
from bot.handlers.documents.keyboards import (
    DocumentsAction,
    DocumentsButton,
    accounts_keyboard,
    documents_keyboard,
)
from bot.handlers.home.keyboards import add_account_keyboard
from core.accounts.errors import NotAccountOwner
from core.cabinet import Cabinet
from core.documents.errors import DocumentNotFound
from core.users.views import UserView


async def open_section(
    message: Message, state: FSMContext, cabinet: Cabinet, user: UserView | None
) -> None:
    if user is None:  # the menu signs people in first; this only guards a direct call
        return
    accounts = await cabinet.accounts.active_accounts(user.id)
    if not accounts:
        await message.answer(_("documents.no_accounts"), reply_markup=add_account_keyboard())
    elif len(accounts) == 1:
        await _show(message, cabinet, user, accounts[0].account_id, other_accounts=False)
    else:
        await message.answer(
            _("documents.choose_account"), reply_markup=accounts_keyboard(accounts)
        )


async def pressed(
    query: CallbackQuery, callback_data: DocumentsButton, cabinet: Cabinet, user: UserView
) -> None:
    message = message_of(query)
    if message is None:
        await query.answer()
        return
    if callback_data.action is DocumentsAction.OPEN:
        await _send(query, message, cabinet, user, callback_data.document_id)
        return
    if callback_data.action is DocumentsAction.ACCOUNTS:
        await query.answer()
        accounts = await cabinet.accounts.active_accounts(user.id)
        await message.answer(
            _("documents.choose_account"), reply_markup=accounts_keyboard(accounts)
        )
        return
    try:
        await _show(message, cabinet, user, callback_data.account_id, other_accounts=True)
    except NotAccountOwner:  # a crafted button, or an account unlinked since
        await query.answer(_("documents.stale_button"), show_alert=True)
        return
    await query.answer()


async def _show(
    message: Message, cabinet: Cabinet, user: UserView, account_id: int, *, other_accounts: bool
) -> None:
    listing = await cabinet.documents.listing(user.id, account_id)
    documents = listing.documents
    lines = [_("documents.title").format(number=html.quote(listing.number))]
    lines.append(_("documents.pick") if documents else _("documents.none"))
    await message.answer(
        "\n".join(lines), reply_markup=documents_keyboard(documents, other_accounts)
    )


async def _send(
    query: CallbackQuery, message: Message, cabinet: Cabinet, user: UserView, document_id: int
) -> None:
    try:
        found = await cabinet.documents.file(user.id, document_id)
    except DocumentNotFound:
        await query.answer(_("documents.stale_button"), show_alert=True)
        return
    await query.answer()
    if found.telegram_file_id is not None:
        await message.answer_document(found.telegram_file_id)
        return
    upload = FSInputFile(found.path, filename=found.document.file_name)
    sent = await message.answer_document(upload)
    if sent.document is not None:
        await cabinet.documents.remember_telegram_file(document_id, sent.document.file_id)


def create_router() -> Router:
    router = Router(name="documents")
    router.callback_query.register(pressed, DocumentsButton.filter(), SignedIn())
    return router
