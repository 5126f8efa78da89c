"""A staff broadcast: a text to every customer with an active linked account, or to those of one
branch, through the outbox (so it goes at Telegram's pace and reaches each chat once).

The recipients are read and enqueued in chunks (one look-up of known keys and one insert per
chunk); `broadcast:{id}:{user}` keys make a second «Отправить» for the same broadcast a no-op.
"""

from __future__ import annotations

from core.clock import Clock
from core.enums import NotificationKind
from core.notifications.errors import BroadcastTooLong
from core.notifications.outbox import Outgoing, enqueue_many
from core.ports import UnitOfWorkFactory

MAX_BROADCAST_LENGTH = 3500  # leaves room in Telegram's 4096 for the prefix and escaping


class Broadcasts:
    def __init__(self, uow_factory: UnitOfWorkFactory, clock: Clock, chunk: int = 5000) -> None:
        self._uow_factory = uow_factory
        self._clock = clock
        self._chunk = chunk

    async def count_recipients(self, branch: str | None) -> int:
        """Chats the broadcast would reach (each Telegram account of each customer)."""
        async with self._uow_factory() as uow:
            return await uow.outbox.count_linked_recipients(branch)

    async def branches(self) -> list[str]:
        async with self._uow_factory() as uow:
            return await uow.outbox.branches()

    def check_text(self, text: str) -> None:
        """Raises `BroadcastTooLong` for a text over `MAX_BROADCAST_LENGTH` characters (for a
        preview; `enqueue` checks it too)."""
        if len(text) > MAX_BROADCAST_LENGTH:
            raise BroadcastTooLong(MAX_BROADCAST_LENGTH)

    async def enqueue(self, broadcast_id: int, text: str, branch: str | None) -> int:
        """Puts the broadcast in the outbox once per chat; returns how many were new.
        Raises `BroadcastTooLong` (nothing is enqueued) for a text over the limit."""
        self.check_text(text)
        kind = NotificationKind.BROADCAST
        payload = {"text": text}
        after, total = 0, 0
        while True:
            async with self._uow_factory() as uow:
                chunk = await uow.outbox.linked_recipients(after, self._chunk, None, branch)
                if not chunk:
                    return total
                items = [
                    Outgoing(user, telegram, chat, f"broadcast:{broadcast_id}:{user}", payload)
                    for user, telegram, chat, _ in chunk
                ]
                total += await enqueue_many(uow, kind, items, self._clock.now())
                await uow.commit()
            after = chunk[-1][3]
