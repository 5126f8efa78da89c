"""The customer's topic in the staff group: opened with the card on the first message, opened
again after a close, and what the customer sends posted into it.

Everything goes through the group's one sender (`bot.staff_group`), within Telegram's limits.
Files are sent on by their `file_id` (no second upload), so an album stays an album.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from contextlib import suppress
from dataclasses import replace
from pathlib import Path

from aiogram import Bot, Dispatcher
from aiogram.exceptions import TelegramBadRequest
from aiogram.methods import (
    CopyMessage,
    CreateForumTopic,
    ReopenForumTopic,
    SendMediaGroup,
    SendMessage,
)
from aiogram.types import (
    InputMediaAudio,
    InputMediaDocument,
    InputMediaLivePhoto,
    InputMediaPhoto,
    InputMediaVideo,
    Message,
)

from bot.download_failure import download_failure
from bot.handlers.support.card import card_text, topic_name
from bot.staff_group import StaffGroupSender, staff_group_sender
from bot.staff_texts import t
from core.cabinet import Cabinet
from core.support.files import MAX_DOCUMENT_BYTES, SupportFiles
from core.support.views import AttachmentIn

logger = logging.getLogger("cabinet.support")


class SupportUnavailable(Exception):
    """No staff group is set: there is nowhere to write to."""


def group_sender(bot: Bot, dispatcher: Dispatcher, cabinet: Cabinet) -> StaffGroupSender:
    chat_id = cabinet.settings.staff_chat_id
    if chat_id is None:
        raise SupportUnavailable
    return staff_group_sender(dispatcher, bot, chat_id)


async def customer_topic(
    bot: Bot, dispatcher: Dispatcher, cabinet: Cabinet, user_id: int, telegram_name: str
) -> int:
    """The topic of the user's dialog, opened (with the card) when there is none yet."""
    sender = group_sender(bot, dispatcher, cabinet)
    thread = await cabinet.support.open_thread(user_id)
    if thread.topic_id is None:
        card = await cabinet.support.card(user_id)
        created = await sender.call(
            CreateForumTopic(chat_id=sender.chat_id, name=topic_name(card, telegram_name))
        )
        topic_id = await cabinet.support.attach_topic(thread.id, created.message_thread_id)
        if topic_id == created.message_thread_id:  # else another worker opened one first
            await sender.post(
                SendMessage(
                    chat_id=sender.chat_id,
                    message_thread_id=topic_id,
                    text=card_text(card, telegram_name),
                )
            )
        return topic_id
    if thread.reopened:
        with suppress(TelegramBadRequest):  # not closed in Telegram (closed by /close only)
            await sender.call(
                ReopenForumTopic(chat_id=sender.chat_id, message_thread_id=thread.topic_id)
            )
        await sender.post(
            SendMessage(
                chat_id=sender.chat_id,
                message_thread_id=thread.topic_id,
                text=t("support.staff_reopened"),
            )
        )
    return thread.topic_id


def attachments_of(message: Message) -> list[AttachmentIn]:
    if message.photo:
        largest = message.photo[-1]
        return [AttachmentIn("photo", largest.file_id, largest.file_size or 0)]
    if message.document:
        document = message.document
        return [
            AttachmentIn(
                "document",
                document.file_id,
                document.file_size or 0,
                file_name=document.file_name,
                mime_type=document.mime_type,
            )
        ]
    return []


async def keep_copies(
    bot: Bot, cabinet: Cabinet, attachments: Sequence[AttachmentIn]
) -> list[AttachmentIn]:
    """The attachments with our copy's path where one could be kept (see `core.support.files`).
    The message has reached staff by now: a file refused, not downloadable or not writable goes
    on by its `file_id` alone, with no path, rather than losing the message."""
    files = SupportFiles(Path(cabinet.settings.files_dir), cabinet.clock)
    kept: list[AttachmentIn] = []
    for attachment in attachments:
        path: str | None = None
        if attachment.size <= MAX_DOCUMENT_BYTES:
            try:
                path = await _keep_copy(bot, files, attachment)
            except Exception as refused:  # whatever it is: the message goes on
                logger.warning("support file not kept", extra=download_failure(refused))
        kept.append(replace(attachment, file_path=path))
    return kept


async def _keep_copy(bot: Bot, files: SupportFiles, attachment: AttachmentIn) -> str | None:
    file = await bot.get_file(attachment.telegram_file_id)
    content = await bot.download_file(file.file_path) if file.file_path else None
    if content is None:
        return None
    return await files.save(content.read(), attachment.kind, attachment.file_name)


def text_of(messages: Sequence[Message]) -> str | None:
    parts = [m.text or m.caption for m in messages if m.text or m.caption]
    return "\n".join(part for part in parts if part) or None


async def post_to_topic(
    bot: Bot, dispatcher: Dispatcher, cabinet: Cabinet, topic_id: int, messages: Sequence[Message]
) -> int:
    """Posts one message or one album of the customer's; the id of the (first) copy."""
    sender = group_sender(bot, dispatcher, cabinet)
    if len(messages) == 1:
        copied = await sender.post(
            CopyMessage(
                chat_id=sender.chat_id,
                message_thread_id=topic_id,
                from_chat_id=messages[0].chat.id,
                message_id=messages[0].message_id,
            )
        )
        return copied.message_id
    media: list[
        InputMediaAudio
        | InputMediaDocument
        | InputMediaLivePhoto
        | InputMediaPhoto
        | InputMediaVideo
    ] = []
    for message in messages:
        caption = message.html_text if message.caption else None  # the customer's own markup
        for attachment in attachments_of(message):
            if attachment.kind == "photo":
                media.append(InputMediaPhoto(media=attachment.telegram_file_id, caption=caption))
            else:
                media.append(InputMediaDocument(media=attachment.telegram_file_id, caption=caption))
    posted = await sender.post(
        SendMediaGroup(chat_id=sender.chat_id, message_thread_id=topic_id, media=media)
    )
    return posted[0].message_id
