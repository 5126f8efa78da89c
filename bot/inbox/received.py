"""An update as the inbox keeps it: its id, the chat whose order it keeps, the JSON itself."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from aiogram.dispatcher.middlewares.user_context import UserContextMiddleware
from aiogram.types import Update


@dataclass(frozen=True, slots=True)
class Received:
    update_id: int
    chat_id: int | None
    payload: dict[str, Any]


def received_from_json(payload: dict[str, Any]) -> Received:
    """Raises `ValueError` (pydantic's `ValidationError` is one) when it is not an Update."""
    return _received(Update.model_validate(payload), payload)


def received_from_update(update: Update) -> Received:
    """From an update aiogram parsed (polling): its JSON again, as Telegram sent it."""
    payload = update.model_dump(mode="json", by_alias=True, exclude_unset=True)
    return _received(update, payload)


def _received(update: Update, payload: dict[str, Any]) -> Received:
    return Received(update.update_id, chat_of(update), payload)


def chat_of(update: Update) -> int | None:
    """The chat the update happens in; the user's id when there is no chat (an inline query, a
    pre-checkout query: the user's private chat with the bot); None when it has neither."""
    context = UserContextMiddleware.resolve_event_context(update)
    return context.chat_id if context.chat_id is not None else context.user_id
