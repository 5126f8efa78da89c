from __future__ import annotations

from sqlalchemy import select

from storage.models import OutboxMessage, TelegramIdentity
from storage.repositories.base import Repository


class OutboxRepository(Repository):
    async def existing_keys(self, keys: list[str]) -> set[str]:
        if not keys:
            return set()
        rows = await self.session.scalars(
            select(OutboxMessage.dedup_key).where(OutboxMessage.dedup_key.in_(keys))
        )
        return set(rows)

    async def reachable_chats(self, user_id: int) -> list[tuple[int, int]]:
        """(telegram user id, chat id) of every Telegram account signed in as the user that has
        not blocked the bot."""
        rows = await self.session.execute(
            select(TelegramIdentity.telegram_user_id, TelegramIdentity.chat_id).where(
                TelegramIdentity.user_id == user_id, TelegramIdentity.blocked_at.is_(None)
            )
        )
        return [(telegram_id, chat_id) for telegram_id, chat_id in rows.tuples()]

    def add(self, message: OutboxMessage) -> None:
        self.session.add(message)
