"""The inbox as a worker sees it: keep what arrived, claim a chat's next update, write outcomes.

Each step is its own short transaction, and the usual update costs two: kept and claimed at
once when it is its chat's only unhandled one (`keep_claiming`), then marked handled together
with the claim of the chat's next update, if any (`handled_then_next`). `keep` commits before Telegram is told the update arrived,
so from then on it is in the database whatever happens to the process. A claim's lease is its
token (see storage/repositories/inbox.py); a random microsecond offset keeps two claims made at
the same instant apart.
"""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any

from aiogram.types import Update
from sqlalchemy.exc import IntegrityError, OperationalError

from bot.inbox.received import Received, sender_in
from core.clock import Clock
from core.errors import AlreadyStored
from storage.deferred_writes import DeferredWrites
from storage.uow import UnitOfWork, UnitOfWorkFactory

KEEP_TRIES = 3  # a batch kept meanwhile by another worker is looked at again
PURGE_CHUNK = 1000


# Who the sender is, read in the transaction that claims the update: the first thing its
# handling asks, so a server database is spared a transaction of its own for it per update.
Identify = Callable[[UnitOfWork, int], Awaitable[object]]


@dataclass(frozen=True, slots=True)
class Identified:
    telegram_user_id: int
    user: object  # what `Identify` answered (the cabinet user, or None: not signed in)


@dataclass(frozen=True, slots=True)
class Claim:
    update_id: int
    chat_id: int | None
    payload: dict[str, Any]
    attempts: int  # this one included
    until: datetime
    # The update as this process received and parsed it; None when read back from the inbox.
    parsed: Update | None = field(default=None, compare=False, repr=False)
    identified: Identified | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Kept:
    update: Received
    claim: Claim | None  # claimed as it was kept: its worker handles it straight away


class InboxStore:
    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        clock: Clock,
        lease: timedelta,
        identify: Identify | None = None,
    ) -> None:
        self._uow_factory = uow_factory
        self._clock = clock
        self.lease = lease
        self._identify = identify

    async def keep(self, received: Sequence[Received]) -> list[Received]:
        """Keeps the updates not kept before, in one transaction; returns those (in order)."""
        return [kept.update for kept in await self.keep_claiming(received, claim=False)]

    async def keep_claiming(
        self, received: Sequence[Received], *, claim: bool = True
    ) -> list[Kept]:
        """Keeps the updates not kept before, in one transaction, and claims at once each one
        that is its chat's only unhandled update (the usual case: a chat's next update comes
        after the bot's answer), which spares its worker a transaction to claim it."""
        for attempt in range(1, KEEP_TRIES + 1):
            try:
                return await self._keep_new(received, claim)
            except (AlreadyStored, IntegrityError, OperationalError):
                # Another worker wrote meanwhile: the same update, kept at the same time
                # (PostgreSQL), or on SQLite any write since this transaction read (its snapshot
                # is stale). A second look settles both; a database that is down fails again.
                if attempt == KEEP_TRIES:
                    raise
                await asyncio.sleep(0.01 * attempt)
        raise AssertionError("unreachable")

    async def _keep_new(self, received: Sequence[Received], claim: bool) -> list[Kept]:
        now = self._clock.now()
        until = self._lease_from(now)
        async with self._uow_factory() as uow:
            known = await uow.inbox.existing_ids([update.update_id for update in received])
            new: dict[int, Received] = {}
            for update in received:
                if update.update_id not in known:
                    new.setdefault(update.update_id, update)
            busy: set[int | None] = {None}  # the updates of no chat are claimed as they were
            if claim:
                chats = {u.chat_id for u in new.values() if u.chat_id is not None}
                busy |= await uow.inbox.busy_chats(sorted(chats))
            kept: list[Kept] = []
            for update in new.values():
                claimed = claim and update.chat_id not in busy
                busy.add(update.chat_id)  # a chat's later updates in the batch wait their turn
                held = None
                if claimed:
                    identified = await self._identified(uow, update.payload)
                    held = Claim(
                        update.update_id,
                        update.chat_id,
                        update.payload,
                        attempts=1,
                        until=until,
                        parsed=update.parsed,
                        identified=identified,
                    )
                kept.append(Kept(update, held))
            await uow.inbox.add_many(
                [
                    {
                        "update_id": one.update.update_id,
                        "payload": one.update.payload,
                        "chat_id": one.update.chat_id,
                        "received_at": now,
                        "attempts": 0 if one.claim is None else 1,
                        "claimed_until": None if one.claim is None else until,
                    }
                    for one in kept
                ]
            )
            await uow.commit()
        return kept

    async def claim_next(self, chat_id: int | None) -> Claim | None:
        """The chat's earliest unhandled update, claimed; None when there is none or another
        worker holds it."""
        now = self._clock.now()
        until = self._lease_from(now)
        async with self._uow_factory() as uow:
            claim = await self._take(uow, chat_id, now, until)
            if claim is not None:
                await uow.commit()
        return claim

    async def _take(
        self, uow: UnitOfWork, chat_id: int | None, now: datetime, until: datetime
    ) -> Claim | None:
        row = await uow.inbox.take_first(chat_id, now, until)
        if row is None:
            return None
        payload = dict(row.payload)
        identified = await self._identified(uow, payload)
        return Claim(row.update_id, chat_id, payload, row.attempts, until, identified=identified)

    async def _identified(self, uow: UnitOfWork, payload: dict[str, Any]) -> Identified | None:
        sender = sender_in(payload)
        if self._identify is None or sender is None:
            return None
        return Identified(sender, await self._identify(uow, sender))

    async def renewed(self, claim: Claim) -> Claim | None:
        """The claim with a fresh lease; None when it was lost (another worker took it over)."""
        until = self._lease_from(self._clock.now())
        if not await self._finish(claim, claimed_until=until):
            return None
        return replace(claim, until=until)

    async def handled_then_next(
        self, claim: Claim, error: str | None = None, writes: DeferredWrites | None = None
    ) -> tuple[bool, Claim | None]:
        """Marks the update handled, runs the update's deferred `writes` with the mark, and
        claims the chat's next one, in one transaction: whether the mark was written (False:
        the claim was lost meanwhile, and the writes are not run), and the next claim."""
        now = self._clock.now()
        until = self._lease_from(now)
        async with self._uow_factory() as uow:
            values = {"handled_at": now, "claimed_until": None, "error": error}
            marked = await uow.inbox.finish(claim.update_id, claim.until, values)
            if marked and writes:
                await writes.run(uow.session)
            following = await self._take(uow, claim.chat_id, now, until)
            await uow.commit()
        return marked, following

    async def handled(self, claim: Claim, error: str | None = None) -> bool:
        """False when the claim was lost meanwhile (the update may be handled again)."""
        return await self._finish(
            claim, handled_at=self._clock.now(), claimed_until=None, error=error
        )

    async def postpone(self, claim: Claim, delay: timedelta) -> bool:
        """Gives the update back to be taken again after `delay`, this attempt not counted (it
        failed because the database or Redis was away, not because of the update)."""
        until = self._clock.now() + delay
        return await self._finish(claim, claimed_until=until, attempts=claim.attempts - 1)

    async def release(self, claim: Claim) -> bool:
        """Gives the update back unhandled (a stopping worker), for any worker to take now."""
        return await self._finish(claim, claimed_until=None)

    async def stranded_chats(self, limit: int = 1000) -> list[int | None]:
        """Chats whose earliest unhandled update nobody holds: its holder's lease ran out (a
        crash), or it was kept and never claimed for a whole lease (a crash in between)."""
        now = self._clock.now()
        async with self._uow_factory() as uow:
            rows = await uow.inbox.unhandled(limit)
        seen: set[int | None] = set()
        stranded: list[int | None] = []
        for _update_id, chat_id, claimed_until, received_at in rows:
            if chat_id in seen:
                continue
            seen.add(chat_id)
            held_until = claimed_until or received_at + self.lease
            if held_until <= now:
                stranded.append(chat_id)
        return stranded

    async def purge(self, older_than: timedelta) -> int:
        """Deletes updates handled before `older_than` ago, a chunk per transaction."""
        cutoff = self._clock.now() - older_than
        purged = 0
        while True:
            async with self._uow_factory() as uow:
                deleted = await uow.inbox.delete_handled_before(cutoff, PURGE_CHUNK)
                await uow.commit()
            purged += deleted
            if deleted < PURGE_CHUNK:
                return purged

    def _lease_from(self, now: datetime) -> datetime:
        return now + self.lease + timedelta(microseconds=secrets.randbelow(1_000_000))

    async def _finish(self, claim: Claim, **values: Any) -> bool:
        async with self._uow_factory() as uow:
            done = await uow.inbox.finish(claim.update_id, claim.until, values)
            await uow.commit()
        return done
