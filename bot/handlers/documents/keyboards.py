"""The documents' buttons: an account to look in, a document to get."""

from __future__ import annotations

from enum import StrEnum

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from aiogram.utils.i18n import gettext as _

from core.accounts.views import LinkedAccountView
from core.documents.views import DocumentView

TITLE_IN_BUTTON = 40


class DocumentsAction(StrEnum):
    ACCOUNT = "acc"
    OPEN = "open"
    ACCOUNTS = "all"


class DocumentsButton(CallbackData, prefix="doc"):
    action: DocumentsAction
    account_id: int = 0
    document_id: int = 0


def accounts_keyboard(accounts: list[LinkedAccountView]) -> InlineKeyboardMarkup:
    rows = [
        [
            InlineKeyboardButton(
                text=_("documents.account_button").format(number=account.number),
                callback_data=DocumentsButton(
                    action=DocumentsAction.ACCOUNT, account_id=account.account_id
                ).pack(),
            )
        ]
        for account in accounts
    ]
    return InlineKeyboardMarkup(inline_keyboard=rows)


def documents_keyboard(
    documents: list[DocumentView], other_accounts: bool
) -> InlineKeyboardMarkup | None:
    rows = [[open_button(document)] for document in documents]
    if other_accounts:
        rows.append(
            [
                InlineKeyboardButton(
                    text=_("documents.button_other_account"),
                    callback_data=DocumentsButton(action=DocumentsAction.ACCOUNTS).pack(),
                )
            ]
        )
    return InlineKeyboardMarkup(inline_keyboard=rows) if rows else None


def open_button(document: DocumentView, text: str | None = None) -> InlineKeyboardButton:
    title = document.title
    if len(title) > TITLE_IN_BUTTON:
        title = title[: TITLE_IN_BUTTON - 1] + "…"
    label = text or _("documents.button").format(
        kind=_(f"documents.kind_{document.kind.value}"),
        title=title,
        date=document.issued_on.strftime("%d.%m.%Y"),
    )
    data = DocumentsButton(action=DocumentsAction.OPEN, document_id=document.id)
    return InlineKeyboardButton(text=label, callback_data=data.pack())
