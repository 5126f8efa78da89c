"""Forum topics the bot keeps in the staff group, one per purpose, remembered across restarts."""

from __future__ import annotations

from core.clock import Clock
from core.entities.staff_topics import StaffTopic
from core.errors import AlreadyStored
from core.ports import UnitOfWorkFactory

LINK_REQUESTS = "link_requests"


class StaffTopics:
    def __init__(self, uow_factory: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow_factory = uow_factory
        self._clock = clock

    async def thread_of(self, chat_id: int, purpose: str) -> int | None:
        async with self._uow_factory() as uow:
            topic = await uow.staff_topics.get(chat_id, purpose)
            return topic.thread_id if topic else None

    async def remember(self, chat_id: int, purpose: str, thread_id: int) -> int:
        """Keeps the topic's thread; when another worker remembered one first, that one wins."""
        try:
            async with self._uow_factory() as uow:
                uow.staff_topics.add(
                    StaffTopic(
                        chat_id=chat_id,
                        purpose=purpose,
                        thread_id=thread_id,
                        created_at=self._clock.now(),
                    )
                )
                await uow.commit()
                return thread_id
        except AlreadyStored:
            existing = await self.thread_of(chat_id, purpose)
            if existing is None:
                raise
            return existing
