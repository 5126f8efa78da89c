from __future__ import annotations

from core.entities.staff_topics import StaffTopic
from storage.repositories.base import Repository


class StaffTopicsRepository(Repository):
    async def get(self, chat_id: int, purpose: str) -> StaffTopic | None:
        return await self.session.get(StaffTopic, (chat_id, purpose))

    def add(self, topic: StaffTopic) -> None:
        self.session.add(topic)
