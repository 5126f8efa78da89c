"""A Telegram account as the bot saw it in an update, and its binding to a cabinet user."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from core.entities.users import TelegramIdentity
from core.ports import UnitOfWork


@dataclass(frozen=True, slots=True)
class TelegramLogin:
    telegram_user_id: int
    chat_id: int
    username: str | None = None
    language_code: str | None = None


async def bind_identity(
    uow: UnitOfWork, login: TelegramLogin, user_id: int, now: datetime
) -> int | None:
    """Signs this Telegram account in to the user; the caller commits.

    Returns the other user this Telegram account was signed in to until now, if any.
    """
    identity = await uow.users.identity(login.telegram_user_id)
    if identity is None:
        uow.users.add_identity(
            TelegramIdentity(
                telegram_user_id=login.telegram_user_id,
                user_id=user_id,
                chat_id=login.chat_id,
                username=login.username,
                language_code=login.language_code,
                created_at=now,
            )
        )
        return None
    previous = identity.user_id
    identity.user_id = user_id
    identity.chat_id = login.chat_id
    identity.username = login.username
    identity.language_code = login.language_code
    identity.blocked_at = None
    return previous if previous != user_id else None


def language_of(login: TelegramLogin) -> str:
    """The cabinet speaks Russian, and English to those whose Telegram is in English."""
    code = (login.language_code or "").lower()
    return "en" if code.startswith("en") else "ru"
