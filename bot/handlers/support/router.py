"""«Сообщения»: the customer's dialog with the company. The last messages with ‹ ›, «Написать»
(then every text, photo, document or album goes to the customer's topic in the staff group) and
«Заказать услугу» (`bot.handlers.services.router`). Answers come back through the outbox.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from aiogram import Bot, Dispatcher, F, Router, html
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import or_f
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext as _

from bot.filters.private_chat import in_private_chat
from bot.filters.question import CouldBeQuestion
from bot.filters.signed_in import SignedIn
from bot.formatting import local_datetime
from bot.fsm.support import SupportDialog
from bot.handlers.common.account_owner import show_page
from bot.handlers.menu.keyboard import main_menu
from bot.handlers.services import router as services
from bot.handlers.support.album import collect_or_send
from bot.handlers.support.cases import cases_text
from bot.handlers.support.keyboards import (
    SupportAction,
    SupportButton,
    SupportPage,
    dialog_keyboard,
    done_keyboard,
)
from bot.handlers.support.topic import (
    SupportUnavailable,
    attachments_of,
    customer_topic,
    keep_copies,
    post_to_topic,
    text_of,
)
from core.cabinet import Cabinet
from core.enums import MessageDirection
from core.pagination import Page
from core.support.views import SupportMessageView
from core.users.views import UserView

# The dialog's screen starts with it (in every language): a page turns in place.
DIALOG_ICON = "💬"
SHOWN_TEXT_LIMIT = 300  # of each message in the list; ten whole ones could pass Telegram's 4096

logger = logging.getLogger("cabinet.support")


async def open_section(
    message: Message, state: FSMContext, cabinet: Cabinet, user: UserView | None
) -> None:
    await state.clear()
    if user is None:  # the menu signs people in first; this only guards a direct call
        return
    await state.set_state(SupportDialog.viewing)
    page = await cabinet.support.history(user.id)
    await message.answer(dialog_text(page, cabinet), reply_markup=dialog_keyboard(page))


async def page_turned(
    query: CallbackQuery, callback_data: SupportPage, cabinet: Cabinet, user: UserView
) -> None:
    page = await cabinet.support.history(user.id, callback_data.page)
    await show_page(query, DIALOG_ICON, dialog_text(page, cabinet), dialog_keyboard(page))


def dialog_text(page: Page[SupportMessageView], cabinet: Cabinet) -> str:
    lines = [_("support.dialog_title").format(page=page.page, pages=page.pages)]
    if not page.items:
        lines.append(_("support.dialog_empty"))
    for item in page.items:
        when = local_datetime(item.created_at, cabinet.settings.tz)
        if item.direction is MessageDirection.FROM_CUSTOMER:
            who = _("support.from_you")
        else:
            who = _("support.from_company")
        lines += ["", f"<b>{who}</b> · {when}"]
        if item.text:
            text = item.text
            if len(text) > SHOWN_TEXT_LIMIT:
                text = text[:SHOWN_TEXT_LIMIT] + "…"
            lines.append(html.quote(text))
        for attachment in item.attachments:
            if attachment.kind == "photo":
                lines.append(_("support.attachment_photo"))
            else:
                lines.append(
                    _("support.attachment_document").format(
                        name=html.quote(attachment.file_name or "")
                    )
                )
    return "\n".join(lines)


async def button_pressed(
    query: CallbackQuery,
    callback_data: SupportButton,
    state: FSMContext,
    cabinet: Cabinet,
    user: UserView,
) -> None:
    await query.answer()
    if not isinstance(query.message, Message):
        return
    if callback_data.action is SupportAction.WRITE:
        await state.set_state(SupportDialog.writing)
        await query.message.answer(_("support.write_prompt"), reply_markup=done_keyboard())
    elif callback_data.action is SupportAction.ORDER:
        await services.start_order(query.message, state, cabinet, user)
    elif callback_data.action is SupportAction.CASES:
        cases = await cabinet.support.cases(user.id)
        await query.message.answer(cases_text(cases, cabinet.settings.tz))
    else:
        await state.clear()
        await query.message.answer(_("support.done"), reply_markup=main_menu())


async def customer_wrote(
    message: Message,
    bot: Bot,
    dispatcher: Dispatcher,
    cabinet: Cabinet,
    user: UserView,
) -> None:
    await collect_or_send(
        dispatcher, message, lambda parts: send_on(parts, bot, dispatcher, cabinet, user)
    )


async def wrote_without_pressing(
    message: Message,
    state: FSMContext,
    bot: Bot,
    dispatcher: Dispatcher,
    cabinet: Cabinet,
    user: UserView,
) -> None:
    """A question typed, or a photo or document sent, with «Сообщения» open and «Написать» not
    pressed: it is meant for the company all the same, so it goes at once and the dialog is on
    from here. (A text that cannot be a question gets `not_written_yet`.)"""
    await state.set_state(SupportDialog.writing)
    await customer_wrote(message, bot, dispatcher, cabinet, user)


async def send_on(
    messages: Sequence[Message],
    bot: Bot,
    dispatcher: Dispatcher,
    cabinet: Cabinet,
    user: UserView,
    confirmation: str | None = None,
) -> None:
    """Posts the customer's message (or album) to their topic and keeps it; `confirmation`: what
    the customer is told then (by default, that they may write more or press «Готово»)."""
    first = messages[0]
    telegram_name = first.from_user.full_name if first.from_user else ""
    try:
        topic_id = await customer_topic(bot, dispatcher, cabinet, user.id, telegram_name)
        copy_id = await post_to_topic(bot, dispatcher, cabinet, topic_id, messages)
    except SupportUnavailable:
        await first.answer(_("support.unavailable"))
        return
    except TelegramAPIError:
        logger.exception("customer message not posted", extra={"user_id": user.id})
        await first.answer(_("support.not_sent"))
        return
    attachments = await keep_copies(
        bot, cabinet, [a for message in messages for a in attachments_of(message)]
    )
    await cabinet.support.record_customer_message(
        user.id,
        text_of(messages),
        attachments,
        chat_message_id=first.message_id,
        topic_message_id=copy_id,
        media_group_id=first.media_group_id,
    )
    if confirmation is not None:
        await first.answer(confirmation)
        return
    await first.answer(_("support.sent"), reply_markup=done_keyboard())


async def not_written_yet(message: Message) -> None:
    await message.answer(_("support.viewing_hint"))


async def something_else(message: Message) -> None:
    await message.answer(_("support.only_text_photo_document"), reply_markup=done_keyboard())


def create_router() -> Router:
    router = Router(name="support")
    router.message.filter(in_private_chat, SignedIn())
    router.callback_query.filter(SignedIn())
    router.callback_query.register(page_turned, SupportPage.filter())
    router.callback_query.register(button_pressed, SupportButton.filter())
    router.message.register(customer_wrote, SupportDialog.writing, F.text | F.photo | F.document)
    router.message.register(
        wrote_without_pressing,
        SupportDialog.viewing,
        or_f(F.photo, F.document, CouldBeQuestion()),
    )
    router.message.register(something_else, SupportDialog.writing)
    router.message.register(not_written_yet, SupportDialog.viewing)
    return router
