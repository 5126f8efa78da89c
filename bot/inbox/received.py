"""An update as the inbox keeps it: its id, the chat whose order it keeps, the JSON itself; and,
in the process that received it, the update as aiogram parsed it (handed to the dispatcher as it
is, rather than parsed from the JSON again)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from aiogram.dispatcher.middlewares.user_context import UserContextMiddleware
from aiogram.types import Update

if TYPE_CHECKING:
    from aiogram import Bot


@dataclass(frozen=True, slots=True)
class Received:
    update_id: int
    chat_id: int | None
    payload: dict[str, Any]
    parsed: Update | None = field(default=None, compare=False, repr=False)


def received_from_json(payload: dict[str, Any], bot: Bot | None = None) -> Received:
    """Raises `ValueError` (pydantic's `ValidationError` is one) when it is not an Update.
    With `bot`, the parsed update is kept for the dispatcher (its shortcuts use that bot)."""
    context = {"bot": bot} if bot is not None else None
    update = Update.model_validate(payload, context=context)
    return Received(update.update_id, chat_of(update), payload, update if bot else None)


def received_from_update(update: Update) -> Received:
    """From an update aiogram parsed (polling): its JSON again, as Telegram sent it, to keep."""
    payload = update.model_dump(mode="json", by_alias=True, exclude_unset=True)
    return Received(update.update_id, chat_of(update), payload, update)


def sender_in(payload: dict[str, Any]) -> int | None:
    """The Telegram user who sent the update, read from its JSON (its one event's `from`, or
    `user` where the event names it so); None when the event has no sender."""
    for key, event in payload.items():
        if key != "update_id" and isinstance(event, dict):
            sender = event.get("from") or event.get("user")
            identifier = sender.get("id") if isinstance(sender, dict) else None
            return identifier if isinstance(identifier, int) else None
    return None


def chat_of(update: Update) -> int | None:
    """The chat the update happens in; the user's id when there is no chat (an inline query, a
    pre-checkout query: the user's private chat with the bot); None when it has neither."""
    context = UserContextMiddleware.resolve_event_context(update)
    return context.chat_id if context.chat_id is not None else context.user_id
