"""Where an update happens: in the customer's private chat with the bot.

Plain functions rather than `F.chat.type == ChatType.PRIVATE`: every router of a section checks
it on every update that passes by, and a magic filter resolves its chain of operations each
time, several times the cost of the attribute look-up it stands for."""

from __future__ import annotations

from aiogram.enums import ChatType
from aiogram.types import CallbackQuery, Message


def in_private_chat(message: Message) -> bool:
    return message.chat.type == ChatType.PRIVATE


def pressed_in_private_chat(query: CallbackQuery) -> bool:
    """The pressed button's message is in a private chat (an inline-mode message has none)."""
    return query.message is not None and query.message.chat.type == ChatType.PRIVATE
