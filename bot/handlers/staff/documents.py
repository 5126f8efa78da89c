"""A document staff attach in a customer's topic: a PDF with the caption `/document Title` (or
`/document 110000001 Title` when the customer holds several accounts). Core picks the account
and tells the customer; the topic is told what became of it. Staff only, as for answers."""

from __future__ import annotations

import re

from aiogram import Bot, Dispatcher, Router, html
from aiogram.filters import Command, CommandObject
from aiogram.types import Message

from bot.handlers.staff.support import CustomerTopic, may_act, reply_in_topic
from bot.staff_members import InStaffChat
from bot.staff_texts import t
from bot.telegram_files import FileTooLarge, FileUnavailable, download
from core.accounts.errors import NotAccountOwner
from core.cabinet import Cabinet
from core.documents.errors import AccountToName, DocumentTooLarge, NotAPdf
from core.documents.store import MAX_DOCUMENT_BYTES
from core.support.views import ThreadView

ARGUMENTS = re.compile(r"(?:(?P<number>[0-9]{6,20})\s+)?(?P<title>\S.*)", re.DOTALL)


async def document_attached(
    message: Message,
    command: CommandObject,
    bot: Bot,
    dispatcher: Dispatcher,
    cabinet: Cabinet,
    thread: ThreadView,
) -> None:
    if not await may_act(bot, dispatcher, cabinet, message):
        return
    found = ARGUMENTS.fullmatch((command.args or "").strip())
    if message.document is None or found is None:
        await reply_in_topic(bot, dispatcher, message, t("staff.document_usage"))
        return
    document_file = message.document
    try:
        content = await download(
            bot, document_file.file_id, document_file.file_size, MAX_DOCUMENT_BYTES, kind="document"
        )
    except FileTooLarge:
        await reply_in_topic(bot, dispatcher, message, t("staff.document_too_large"))
        return
    except FileUnavailable:
        await reply_in_topic(bot, dispatcher, message, t("staff.document_unavailable"))
        return
    title = found.group("title").strip()
    try:
        document = await cabinet.documents.attach_for_customer(
            thread.user_id,
            found.group("number"),
            title,
            message.document.file_name or "document.pdf",
            content,
        )
    except (NotAPdf, DocumentTooLarge):
        await reply_in_topic(bot, dispatcher, message, t("staff.document_not_pdf"))
        return
    except AccountToName as several:
        text = t("staff.document_which_account").format(
            numbers=", ".join(several.numbers), example=several.numbers[0]
        )
        await reply_in_topic(bot, dispatcher, message, text)
        return
    except NotAccountOwner:
        await reply_in_topic(bot, dispatcher, message, t("staff.document_no_account"))
        return
    text = t("staff.document_added").format(
        title=html.quote(document.title), number=document.account_number
    )
    await reply_in_topic(bot, dispatcher, message, text)


def create_router() -> Router:
    """Before the support desk's router: `/document` is not an answer to the customer."""
    router = Router(name="documents_staff")
    router.message.filter(InStaffChat(), CustomerTopic())
    router.message.register(document_attached, Command("document"))
    return router
