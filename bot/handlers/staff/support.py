"""The staff's side of «Сообщения», in the customers' topics of the staff group.

What a staff member writes in a customer's topic (text, photo, document) is the company's answer:
recorded and put in the outbox, which delivers it to the customer. An album is collected
(`bot.handlers.support.album`) into one answer that reaches the customer as one album. `/close`
closes the dialog (the customer's next message opens it again, in the same topic) and `/card`
shows the customer's card again; any other text starting with "/" (a mistyped or another
topic's command) is not sent: the topic is told its commands instead. Only staff act (`bot.staff_members.is_staff`): a message from anyone else, the
group's anonymous admins included, never reaches the customer and is refused in the topic, so
that its author knows.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from contextlib import suppress
from typing import Any

from aiogram import Bot, Dispatcher, F, Router, html
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import Command, Filter
from aiogram.methods import CloseForumTopic
from aiogram.types import Message

from bot.handlers.support.album import collect_or_send
from bot.handlers.support.card import card_text
from bot.handlers.support.topic import attachments_of, text_of
from bot.staff_group import staff_group_sender
from bot.staff_members import InStaffChat, is_staff
from bot.staff_texts import t
from core.cabinet import Cabinet
from core.support.errors import NotACustomerTopic
from core.support.views import ThreadView

logger = logging.getLogger("cabinet.support")


class CustomerTopic(Filter):
    """The message is in a customer's topic; hands the thread on as `thread`."""

    async def __call__(self, message: Message, cabinet: Cabinet) -> bool | dict[str, Any]:
        if not message.is_topic_message or message.message_thread_id is None:
            return False
        thread = await cabinet.support.thread_by_topic(message.message_thread_id)
        return {"thread": thread} if thread is not None else False


async def reply_in_topic(bot: Bot, dispatcher: Dispatcher, message: Message, text: str) -> None:
    await staff_group_sender(dispatcher, bot, message.chat.id).reply(message, text)


async def may_act(bot: Bot, dispatcher: Dispatcher, cabinet: Cabinet, message: Message) -> bool:
    """Staff only; anyone else is told, in the topic, that nothing went to the customer."""
    if message.sender_chat is None and await is_staff(bot, cabinet.settings, message.from_user):
        return True
    key = "support.staff_anonymous" if message.sender_chat else "support.staff_not_staff"
    logger.info("not staff in a customer topic", extra={"topic": message.message_thread_id})
    await reply_in_topic(bot, dispatcher, message, t(key))
    return False


async def staff_answered(
    message: Message, bot: Bot, dispatcher: Dispatcher, cabinet: Cabinet, thread: ThreadView
) -> None:
    # An album is one answer, so that the customer gets it as one album.
    await collect_or_send(
        dispatcher, message, lambda parts: _answer(parts, bot, dispatcher, cabinet, thread)
    )


async def _answer(
    messages: Sequence[Message],
    bot: Bot,
    dispatcher: Dispatcher,
    cabinet: Cabinet,
    thread: ThreadView,
) -> None:
    first = messages[0]
    if not await may_act(bot, dispatcher, cabinet, first):
        return
    assert first.from_user is not None and thread.topic_id is not None  # may_act says so
    try:
        answer = await cabinet.support.answer(
            thread.topic_id,
            first.from_user.id,
            first.from_user.full_name,
            text_of(messages),
            [attachment for message in messages for attachment in attachments_of(message)],
            topic_message_id=first.message_id,
        )
    except NotACustomerTopic:  # the dialog was removed meanwhile (its user deleted their data)
        await reply_in_topic(bot, dispatcher, first, t("support.staff_no_dialog"))
        return
    if answer.notified_chats == 0:
        await reply_in_topic(bot, dispatcher, first, t("support.staff_unreachable"))


async def close_dialog(
    message: Message, bot: Bot, dispatcher: Dispatcher, cabinet: Cabinet, thread: ThreadView
) -> None:
    if not await may_act(bot, dispatcher, cabinet, message):
        return
    assert message.from_user is not None and thread.topic_id is not None
    number = await cabinet.support.close(thread.topic_id, message.from_user.full_name)
    if number is None:
        await reply_in_topic(bot, dispatcher, message, t("support.staff_already_closed"))
        return
    who = html.quote(message.from_user.full_name)
    key = "support.staff_closed_case" if number else "support.staff_closed"
    text = t(key).format(who=who, number=number)
    await reply_in_topic(bot, dispatcher, message, text)
    sender = staff_group_sender(dispatcher, bot, message.chat.id)
    with suppress(TelegramBadRequest):  # closed by hand already
        await sender.call(
            CloseForumTopic(chat_id=message.chat.id, message_thread_id=thread.topic_id)
        )


async def show_card(
    message: Message, bot: Bot, dispatcher: Dispatcher, cabinet: Cabinet, thread: ThreadView
) -> None:
    if not await may_act(bot, dispatcher, cabinet, message):
        return
    card = await cabinet.support.card(thread.user_id)
    await reply_in_topic(bot, dispatcher, message, card_text(card, ""))


async def not_deliverable(
    message: Message, bot: Bot, dispatcher: Dispatcher, cabinet: Cabinet
) -> None:
    if await may_act(bot, dispatcher, cabinet, message):
        await reply_in_topic(bot, dispatcher, message, t("support.staff_only_text_photo_document"))


async def unknown_command(
    message: Message, bot: Bot, dispatcher: Dispatcher, cabinet: Cabinet
) -> None:
    if await may_act(bot, dispatcher, cabinet, message):
        await reply_in_topic(bot, dispatcher, message, t("support.staff_unknown_command"))


def create_router() -> Router:
    router = Router(name="support_staff")
    router.message.filter(InStaffChat(), CustomerTopic())
    router.message.register(close_dialog, Command("close"))
    router.message.register(show_card, Command("card"))
    router.message.register(unknown_command, F.text.startswith("/"))
    router.message.register(staff_answered, F.text | F.photo | F.document)
    router.message.register(
        not_deliverable,
        F.sticker | F.voice | F.video | F.audio | F.animation | F.video_note | F.location,
    )
    return router
