"""The repository of the staff group's forum topics the bot opened."""

from __future__ import annotations

from typing import Protocol

from core.entities.staff_topics import StaffTopic


class StaffTopics(Protocol):
    async def get(self, chat_id: int, purpose: str) -> StaffTopic | None: ...

    def add(self, topic: StaffTopic) -> None: ...
