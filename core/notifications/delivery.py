"""The outbox as a sender sees it: claim due rows under a lease, then write each one's outcome.

A claim is its own short transaction: the rows' `locked_until` is set to this claim's lease, and
only rows that were pending and unleased (or whose lease ran out: a sender that died) are taken,
so two senders never hold the same row at once. Every outcome is written with the lease as a
condition: a sender whose lease ran out (another took the row over) learns so and writes nothing.
Outcomes commit one row at a time, straight after Telegram answers, to keep the window in which a
crash could lose the fact that a message went out as short as a single UPDATE.

The lease is short (the sender's is 30 s), so that the rows of a sender that died are taken over
soon. The store remembers the rows it holds and the lease each is held under; `renew_held`
extends them all in one UPDATE once a third of the oldest lease has gone, for as long as the
sender keeps them (until it writes their outcome, gives them back, or `forget`s them). A renewal
changes the lease a row's outcome is written under, so a write waits for a renewal on its way,
and a renewal leaves alone a row whose write is on its way.

A notification of several Bot API calls (a staff answer: a long text, then an album) records its
progress after each part but the last, in the row's payload under the reserved key `_progress`
(`{"parts_sent", "first_message_id", "language"}`; no producer may use that key): a retry, or
another sender after a crash, resumes from the first unsent part, in the language it began in.
"""

from __future__ import annotations

import asyncio
import logging
import random
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, replace
from datetime import datetime, timedelta
from typing import Any, Protocol, TypeVar

from core.clock import Clock
from core.enums import NotificationKind, OutboxStatus
from core.notifications.preferences import SWITCHABLE
from core.ports import UnitOfWork, UnitOfWorkFactory

logger = logging.getLogger("cabinet.outbox")
UNKNOWN_KIND_WAIT = timedelta(minutes=5)
_Row = TypeVar("_Row", bound="_Kinded")


class _Kinded(Protocol):
    id: int
    kind: str


@dataclass(frozen=True, slots=True)
class Due:
    id: int
    user_id: int | None
    chat_id: int
    kind: NotificationKind
    payload: dict[str, Any]
    attempts: int
    language: str
    lease_until: datetime  # as claimed or last renewed for this row; the store knows the latest
    switched_off: bool = False  # the user switched this kind off after it was enqueued


PROGRESS_KEY = "_progress"  # reserved in every payload: see the module's docstring


@dataclass(frozen=True, slots=True)
class Progress:
    """How far a notification of several Bot API calls got."""

    parts_sent: int = 0
    first_message_id: int | None = None
    language: str | None = None


def progress_of(due: Due) -> Progress:
    stored = due.payload.get(PROGRESS_KEY)
    if not isinstance(stored, dict):
        return Progress()
    first = stored.get("first_message_id")
    return Progress(
        parts_sent=int(stored.get("parts_sent") or 0),
        first_message_id=int(first) if first is not None else None,
        language=str(stored["language"]) if stored.get("language") else None,
    )


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    max_attempts: int = 5
    base_delay: float = 0.5  # seconds before the second attempt; doubles each time
    max_delay: float = 30.0

    def delay(self, attempts: int) -> float:
        """Exponential backoff with jitter (so retries from many rows do not align)."""
        ceiling = min(self.max_delay, self.base_delay * 2 ** max(0, attempts - 1))
        return random.uniform(ceiling / 2, ceiling)


class OutboxStore:
    def __init__(self, uow_factory: UnitOfWorkFactory, clock: Clock, lease: timedelta) -> None:
        self._uow_factory = uow_factory
        self._clock = clock
        self._lease = lease
        self._held: dict[int, datetime] = {}  # row id -> the lease this store holds it under
        self._writing: set[int] = set()  # rows whose write is on its way
        self._renewal = asyncio.Lock()

    def held_for(self, due: Due) -> float:
        """Seconds left of the lease this store holds the row under (0 when it does not)."""
        lease = self._held.get(due.id)
        return 0.0 if lease is None else (lease - self._clock.now()).total_seconds()

    async def claim(self, limit: int) -> list[Due]:
        now = self._clock.now()
        lease_until = self._new_lease(now)
        async with self._uow_factory() as uow:
            ids = await uow.outbox.due_ids(now, limit)
            if not ids:
                return []
            await uow.outbox.take_lease(ids, now, lease_until)
            rows = await uow.outbox.leased(ids, lease_until)
            rows = await self._set_aside_unknown_kinds(uow, rows, lease_until, now)
            users = {r.user_id for r in rows if r.user_id}
            languages = await uow.outbox.languages(users)
            # Checked again at send time: not every producer enqueues through `notify_user`
            # (the charges import writes its rows in bulk), and a switch may come meanwhile.
            off = await uow.outbox.switched_off_pairs(users)
            claimed = [
                Due(
                    id=row.id,
                    user_id=row.user_id,
                    chat_id=row.chat_id,
                    kind=NotificationKind(row.kind),
                    payload=dict(row.payload),
                    attempts=row.attempts,
                    language=languages.get(row.user_id, "ru") if row.user_id else "ru",
                    lease_until=lease_until,
                    switched_off=row.user_id is not None
                    and (row.user_id, row.kind) in off
                    and NotificationKind(row.kind) in SWITCHABLE,
                )
                for row in rows
            ]
            await uow.commit()
        self._held.update((due.id, lease_until) for due in claimed)
        return claimed

    @staticmethod
    async def _set_aside_unknown_kinds(
        uow: UnitOfWork, rows: Sequence[_Row], lease_until: datetime, now: datetime
    ) -> list[_Row]:
        """A kind this version does not know was written by a newer one (a rolling upgrade):
        its row is left for a worker that knows it, leased for a while so that the rows behind
        it go out meanwhile; failing it would lose the notification."""
        known = {kind.value for kind in NotificationKind}
        unknown = {row.id: lease_until for row in rows if row.kind not in known}
        if unknown:
            logger.warning(
                "outbox rows of an unknown kind left for a newer worker",
                extra={"rows": len(unknown)},
            )
            await uow.outbox.renew_leases(unknown, now + UNKNOWN_KIND_WAIT)
        return [row for row in rows if row.id not in unknown]

    async def renew_held(self) -> None:
        """Extends the lease of every row this store holds, in one UPDATE, once a third of the
        oldest lease has gone; a row found taken over meanwhile (the store could not renew in
        time) is no longer held."""
        now = self._clock.now()
        if not self._held or min(self._held.values()) - now > self._lease * 2 / 3:
            return
        async with self._renewal:
            renewing = {i: lease for i, lease in self._held.items() if i not in self._writing}
            if not renewing:
                return
            lease_until = self._new_lease(now)
            async with self._uow_factory() as uow:
                kept = await uow.outbox.renew_leases(renewing, lease_until)
                await uow.commit()
            for row_id, lease in renewing.items():
                if self._held.get(row_id) != lease:
                    continue  # forgotten meanwhile
                if row_id in kept:
                    self._held[row_id] = lease_until
                else:
                    del self._held[row_id]

    async def renewed(self, due: Due) -> Due | None:
        """The row, with its lease extended now when half of it is gone; None when this store no
        longer holds it (another sender took it over)."""
        lease = self._held.get(due.id)
        if lease is None:
            return None
        now = self._clock.now()
        if lease - now > self._lease / 2:
            return due if lease == due.lease_until else replace(due, lease_until=lease)
        lease_until = self._new_lease(now)
        if not await self._finish(due, locked_until=lease_until):
            return None
        return replace(due, lease_until=lease_until)

    async def progressed(self, due: Due, progress: Progress) -> Due | None:
        """Records the parts sent so far (under the lease); None when the lease was lost."""
        payload = {**due.payload, PROGRESS_KEY: asdict(progress)}
        if not await self._finish(due, payload=payload):
            return None
        return replace(due, payload=payload)

    async def sent(self, due: Due, message_id: int | None, attempts: int) -> bool:
        return await self._finish(
            due,
            status=OutboxStatus.SENT.value,
            sent_message_id=message_id,
            sent_at=self._clock.now(),
            attempts=attempts,
            locked_until=None,
        )

    async def failed(self, due: Due, error: str, attempts: int) -> bool:
        return await self._finish(
            due,
            status=OutboxStatus.FAILED.value,
            last_error=error[:1000],
            attempts=attempts,
            locked_until=None,
        )

    async def skipped(self, due: Due, reason: str) -> bool:
        return await self._finish(
            due, status=OutboxStatus.SKIPPED.value, last_error=reason, locked_until=None
        )

    async def attempt_failed(self, due: Due, error: str, attempts: int) -> bool:
        """Counts a failed attempt, keeping the lease (the sender retries after a backoff)."""
        return await self._finish(due, last_error=error[:1000], attempts=attempts)

    async def blocked(self, due: Due, error: str) -> int:
        """The chat blocked the bot: marks it and skips every pending row to it."""
        async with self._uow_factory() as uow:
            skipped = await uow.outbox.block_chat(due.chat_id, self._clock.now(), error[:1000])
            await uow.commit()
        self._held.pop(due.id, None)
        return skipped

    def forget(self, due: Due) -> None:
        """Stops holding the row without a write: the sender is done with it, or gave up on it
        (an unexpected error), and another claim may take it once its lease runs out."""
        self._held.pop(due.id, None)

    async def release(self, dues: Iterable[Due]) -> None:
        """Gives rows back unsent (a sender stopping), so another need not wait for the lease."""
        await self._release([due.id for due in dues])

    async def release_held(self) -> None:
        """Gives back every row this store still holds."""
        await self._release(list(self._held))

    async def _release(self, ids: list[int]) -> None:
        async with self._renewal:
            by_lease: dict[datetime, list[int]] = {}
            for row_id in ids:
                if row_id in self._held and row_id not in self._writing:
                    by_lease.setdefault(self._held[row_id], []).append(row_id)
            if not by_lease:
                return
            async with self._uow_factory() as uow:
                for lease_until, leased in by_lease.items():
                    await uow.outbox.release(leased, lease_until)
                await uow.commit()
            for leased in by_lease.values():
                for row_id in leased:
                    self._held.pop(row_id, None)

    async def _finish(self, due: Due, **values: Any) -> bool:
        """One write to a row this store holds, under the lease it holds it under now; False (and
        the row no longer held) when another sender has it."""
        async with self._renewal:  # a renewal on its way is changing the lease: wait for it
            lease = self._held.get(due.id)
            if lease is None:
                return False
            self._writing.add(due.id)
        try:
            async with self._uow_factory() as uow:
                held = await uow.outbox.finish(due.id, lease, values)
                await uow.commit()
        finally:
            self._writing.discard(due.id)
        lease_after = values.get("locked_until", lease)
        if held and lease_after is not None:
            self._held[due.id] = lease_after
        else:
            self._held.pop(due.id, None)
        return held

    def _new_lease(self, now: datetime) -> datetime:
        # The lease doubles as the holder's token (outcomes are written only under it): a random
        # microsecond offset keeps two claims at the same instant (a frozen clock) apart.
        return now + self._lease + timedelta(microseconds=secrets.randbelow(1_000_000))
