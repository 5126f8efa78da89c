"""A question typed where no dialog expects it is never a dead end: the bot offers to send it to
support with one press.

The offer is a reply to the customer's message, so the press finds the text there
(`reply_to_message`): the bot keeps no copy of it meanwhile, and never logs it. What cannot be a
question (`core.support.question`) gets the fallback's hint instead.
"""

from __future__ import annotations

import contextlib

from aiogram import Bot, Dispatcher, F, Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters.callback_data import CallbackData
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from aiogram.utils.i18n import gettext as _

from bot.filters.private_chat import in_private_chat
from bot.filters.question import CouldBeQuestion
from bot.filters.signed_in import SignedIn
from bot.handlers.common.dialog import message_of
from bot.handlers.support import router as support
from core.cabinet import Cabinet
from core.users.views import UserView


class SendQuestion(CallbackData, prefix="askq"):
    pass


def offer_keyboard() -> InlineKeyboardMarkup:
    button = InlineKeyboardButton(
        text=_("support.question_button_send"), callback_data=SendQuestion().pack()
    )
    return InlineKeyboardMarkup(inline_keyboard=[[button]])


async def offer(message: Message) -> None:
    await message.reply(_("support.question_offer"), reply_markup=offer_keyboard())


async def send(
    query: CallbackQuery,
    bot: Bot,
    dispatcher: Dispatcher,
    cabinet: Cabinet,
    user: UserView,
) -> None:
    shown = message_of(query)
    question = shown.reply_to_message if shown is not None else None
    if shown is None or question is None or not question.text:  # deleted meanwhile
        await query.answer(_("support.question_gone"), show_alert=True)
        return
    with contextlib.suppress(TelegramBadRequest):  # one press sends it once
        await shown.edit_reply_markup(reply_markup=None)
    await query.answer()  # after the button is gone: nothing is left on screen to press again
    await support.send_on([question], bot, dispatcher, cabinet, user, _("support.question_sent"))


def create_router() -> Router:
    router = Router(name="question_offer")
    router.message.register(offer, in_private_chat, F.text, SignedIn(), CouldBeQuestion())
    router.callback_query.register(send, SendQuestion.filter(), SignedIn())
    return router
