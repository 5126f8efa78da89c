"""`InboxWorker`: handles the kept updates, each chat's one at a time in update_id order.

Each chat with work has a lane: a task that claims the chat's earliest unhandled update, feeds it
to the dispatcher with its lease renewed meanwhile, marks it handled, and goes on to the next one
until the chat has none it may take (none left, or another worker holds the earliest). Updates
are woken into lanes by whoever kept them (the webhook, the polling loop) and by the recovery
loop, which looks every few seconds for chats whose earliest update nobody holds (its holder
died) and purges updates handled longer ago than the retention.

An update whose handler raises counts as handled (the error's type is recorded), as in aiogram:
running it again would repeat whatever it did before it failed. The exception is an outage
(`outage.py`: PostgreSQL or Redis away): the update is put back for a few seconds, the customer
gets a short apology, and the recovery loop wakes the chat again. One that was claimed more than
`max_attempts` times without being handled (it brings its worker down each time) is set aside as
handled with an error, so that its chat goes on.

Stopping: no new claims; the updates being handled get `stop_grace_seconds` to finish, then are
cancelled and given back at once for the next worker.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta

from bot.background import BackgroundLoop, Backoff, error_fields
from bot.inbox.answered import watch
from bot.inbox.outage import RETRY_AFTER, OutageApology, is_outage
from bot.inbox.received import Received
from bot.inbox.store import Claim, InboxStore, Kept
from core.health import Heartbeats
from storage.deferred_writes import DeferredWrites, deferring

logger = logging.getLogger("cabinet.inbox")

# Handles a claimed update: its JSON, and what was learnt with it (the update as this process
# parsed it, its sender as the claim's transaction read it).
Feed = Callable[[Claim], Awaitable[None]]
RECOVERY_LOOP = "inbox-recovery"
_OUTAGE = "outage"  # what `_feed_one` says when the handler failed for an outage
# A failed mark is tried again: this many times for an error of ours, and for an outage as long
# as it lasts within the lease (the handler answered already: handling the update again would
# answer twice, so the mark waits for the database rather than leaving the update to recovery).
MARK_TRIES = 3


@dataclass(frozen=True, slots=True)
class InboxConfig:
    lease: timedelta = timedelta(seconds=30)
    recovery_seconds: float = 5.0
    retention: timedelta = timedelta(hours=48)
    purge_every_seconds: float = 600.0
    max_attempts: int = 5
    stop_grace_seconds: float = 10.0
    max_backoff_seconds: float = 60.0


@dataclass
class _Holding:
    claim: Claim  # with the latest lease


class InboxWorker:
    def __init__(
        self,
        store: InboxStore,
        feed: Feed,
        config: InboxConfig = InboxConfig(),
        *,
        monotonic: Callable[[], float] = time.monotonic,
        heartbeats: Heartbeats | None = None,
        apology: OutageApology | None = None,
    ) -> None:
        self.config = config
        self._apology = apology
        self._heartbeats = heartbeats or Heartbeats()
        self._next_purge = monotonic()
        self._store = store
        self._feed = feed
        self._monotonic = monotonic
        self._lanes: dict[int | None, asyncio.Task[None]] = {}
        self._wanted: set[int | None] = set()  # lanes to look again before they end
        self._waiters: dict[int | None, dict[int, asyncio.Future[bool]]] = {}
        self._claimed: dict[int | None, Claim] = {}  # claimed as kept, for the chat's lane
        self._releasing: set[asyncio.Task[bool]] = set()
        self._closing = False

    # --- the receiving side ----------------------------------------------------------------
    def take(self, kept: Sequence[Received | Kept]) -> None:
        """Starts handling newly kept updates (their chats' lanes look at the inbox, or take
        the claim an update was kept with)."""
        for one in kept:
            self._wake(self._accept(one).chat_id)

    async def handled_within(self, kept: Received | Kept, seconds: float) -> bool:
        """Handles a newly kept update, waiting up to `seconds` for it; False when it is not
        handled by then (it goes on in the background), or is left to another worker."""
        update = self._accept(kept)
        if self._closing:
            return False
        future: asyncio.Future[bool] = asyncio.get_running_loop().create_future()
        self._waiters.setdefault(update.chat_id, {})[update.update_id] = future
        self._wake(update.chat_id)
        try:
            await asyncio.wait({future}, timeout=seconds)
        finally:
            waiting = self._waiters.get(update.chat_id, {})
            waiting.pop(update.update_id, None)
            if not waiting:
                self._waiters.pop(update.chat_id, None)
        return future.done() and future.result()

    def _accept(self, one: Received | Kept) -> Received:
        if isinstance(one, Received):
            return one
        if one.claim is not None:
            if self._closing:  # stopping: given back for the next worker
                self._give_back(one.claim)
            else:
                self._claimed[one.update.chat_id] = one.claim
        return one.update

    def _give_back(self, claim: Claim) -> None:
        task = asyncio.create_task(self._store.release(claim))
        self._releasing.add(task)
        task.add_done_callback(self._releasing.discard)

    # --- running ---------------------------------------------------------------------------
    @contextlib.asynccontextmanager
    async def running(self) -> AsyncIterator[InboxWorker]:
        """The recovery loop in the background for the block; at its end the worker stops."""
        recovery = asyncio.create_task(self.recover_forever(), name=RECOVERY_LOOP)
        try:
            yield self
        finally:
            recovery.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await recovery
            await self.stop()

    async def stop(self) -> None:
        self._closing = True
        lanes = set(self._lanes.values())
        if lanes:
            await self._stop_lanes(lanes)
        for claim in self._claimed.values():
            self._give_back(claim)
        self._claimed.clear()
        if self._releasing:
            await asyncio.gather(*self._releasing, return_exceptions=True)

    async def _stop_lanes(self, lanes: set[asyncio.Task[None]]) -> None:
        _done, late = await asyncio.wait(lanes, timeout=self.config.stop_grace_seconds)
        for lane in late:
            lane.cancel()
        if late:
            logger.warning("inbox stopped with updates unfinished", extra={"updates": len(late)})
            await asyncio.gather(*late, return_exceptions=True)

    async def recover_forever(self) -> None:
        """Wakes the lanes of stranded chats and purges old updates; survives any error (backs
        off, goes on), and `/healthz` hears of it when it is dead or keeps failing."""
        stuck_after = max(60.0, 3 * self.config.recovery_seconds)
        loop = BackgroundLoop(
            RECOVERY_LOOP,
            self._heartbeats,
            stuck_after,
            Backoff(self.config.recovery_seconds, self.config.max_backoff_seconds),
        )
        await loop.run_forever(self._recovery_round)

    async def _recovery_round(self) -> None:
        await self.recover_once()
        if self._monotonic() >= self._next_purge:
            purged = await self._store.purge(self.config.retention)
            if purged:
                logger.info("inbox purged", extra={"updates": purged})
            self._next_purge = self._monotonic() + self.config.purge_every_seconds
        await asyncio.sleep(self.config.recovery_seconds)

    async def recover_once(self) -> None:
        for chat_id in await self._store.stranded_chats():
            self._wake(chat_id)

    async def idle(self) -> None:
        """Until no lane runs (tests)."""
        while self._lanes:
            await asyncio.wait(set(self._lanes.values()))

    # --- lanes -----------------------------------------------------------------------------
    def _wake(self, chat_id: int | None) -> None:
        if self._closing:
            return
        self._wanted.add(chat_id)
        if chat_id not in self._lanes:
            self._lanes[chat_id] = asyncio.create_task(self._lane(chat_id), name="inbox-lane")

    async def _lane(self, chat_id: int | None) -> None:
        failed = False
        try:
            claim: Claim | None = None
            while not self._closing:
                if claim is None:
                    self._wanted.discard(chat_id)
                    claim = self._claimed.pop(chat_id, None)
                    if claim is None:
                        claim = await self._store.claim_next(chat_id)
                    if claim is None:
                        if chat_id in self._wanted:
                            continue  # woken while it looked: a newer update may be there now
                        return
                self._wanted.discard(chat_id)  # a wake from here on is looked at below
                handled, following = await self._handle(claim)
                if not handled:
                    return  # put back: the recovery loop wakes the chat once it is due
                self._settle(chat_id, claim.update_id, handled=True)
                claim = following
                if claim is None and chat_id not in self._wanted and chat_id not in self._claimed:
                    return
            if claim is not None:  # stopping with the next one claimed: for the next worker
                self._give_back(claim)
        except Exception:  # the chat's updates wait in the inbox for the recovery loop
            logger.exception("inbox lane failed", extra={"chat_id": chat_id})
            failed = True
        finally:
            del self._lanes[chat_id]
            # A claim left waiting would be taken up later, perhaps after its lease ran out.
            leftover = self._claimed.pop(chat_id, None) if self._closing or failed else None
            if leftover is not None:
                self._give_back(leftover)
            for update_id in list(self._waiters.get(chat_id, {})):
                self._settle(chat_id, update_id, handled=False)

    def _settle(self, chat_id: int | None, update_id: int, *, handled: bool) -> None:
        future = self._waiters.get(chat_id, {}).get(update_id)
        if future is not None and not future.done():
            future.set_result(handled)

    async def _handle(self, claim: Claim) -> tuple[bool, Claim | None]:
        """Handles the update and claims the chat's next one; (False, None) when the update was
        put back (an outage)."""
        if claim.attempts > self.config.max_attempts:
            logger.error(
                "inbox update abandoned",
                extra={"update_id": claim.update_id, "attempts": claim.attempts - 1},
            )
            error: str | None = f"abandoned after {claim.attempts - 1} attempts"
            return True, await self._mark_handled(claim, error)
        holding = _Holding(claim)
        writes = DeferredWrites()  # the dialog's step, written with the mark
        try:
            async with self._renewing(holding):
                with deferring(writes):
                    error = await self._feed_one(claim)
        except asyncio.CancelledError:  # stopping: the next worker takes it at once
            writes.lost()
            with contextlib.suppress(Exception):
                await asyncio.shield(self._store.release(holding.claim))
            raise
        if error == _OUTAGE:
            writes.lost()
            await self._put_back(holding.claim)
            return False, None
        try:
            return True, await self._mark_handled(holding.claim, error, writes)
        except BaseException:
            writes.lost()
            raise

    async def _feed_one(self, claim: Claim) -> str | None:
        shown = watch()
        try:
            await self._feed(claim)
        except Exception as error:
            if is_outage(error) and not shown:
                return _OUTAGE
            if is_outage(error):  # again would show the customer the same twice
                logger.warning(
                    "outage after the update was answered; not handled again",
                    extra={"update_id": claim.update_id, "shown": len(shown)},
                )
                return type(error).__name__
            logger.exception("update handler raised", extra={"update_id": claim.update_id})
            return type(error).__name__
        return None

    async def _put_back(self, claim: Claim) -> None:
        logger.warning(
            "update put back: the database or Redis is away", extra={"update_id": claim.update_id}
        )
        if self._apology is not None:
            self._apology.tell(Received(claim.update_id, claim.chat_id, claim.payload))
        try:
            await self._store.postpone(claim, RETRY_AFTER)
        except Exception as error:  # still away: its lease runs out and it is taken over then
            logger.warning("update not put back", extra=error_fields(error))

    async def _mark_handled(
        self, claim: Claim, error: str | None, writes: DeferredWrites | None = None
    ) -> Claim | None:
        """Marks it handled, with the update's deferred writes, and claims the chat's next
        update (one transaction)."""
        started = self._monotonic()
        attempt = 0
        while True:
            attempt += 1
            try:
                marked, following = await asyncio.shield(
                    self._store.handled_then_next(claim, error, writes)
                )
            except Exception as failure:
                waited = self._monotonic() - started
                outage = is_outage(failure) and not self._closing
                lasting = outage and waited < self.config.lease.total_seconds()
                if attempt >= MARK_TRIES and not lasting:
                    raise
                logger.warning("inbox mark failed; trying again", extra=error_fields(failure))
                await asyncio.sleep(min(0.2 * attempt, 2.0))
                continue
            if not marked:
                logger.warning("inbox lease lost before the update was marked handled")
                if writes is not None:
                    writes.lost()  # whoever holds it now writes its own
            return following

    @contextlib.asynccontextmanager
    async def _renewing(self, holding: _Holding) -> AsyncIterator[None]:
        """Renews the lease every third of it while the block runs. Most updates are handled
        well within a third of the lease: for them only a timer is set, and no task started."""
        interval = self.config.lease.total_seconds() / 3
        done = asyncio.Event()
        renewers: list[asyncio.Task[None]] = []

        def start_renewing() -> None:
            renewers.append(asyncio.create_task(self._renew_until(done, holding, interval)))

        timer = asyncio.get_running_loop().call_later(interval, start_renewing)
        try:
            yield
        finally:
            timer.cancel()
            done.set()
            for renewer in renewers:  # a renewal on its way is finished, never cut short
                await asyncio.shield(renewer)

    async def _renew_until(self, done: asyncio.Event, holding: _Holding, interval: float) -> None:
        """Renews at once (a third of the lease has gone), then every third until `done`."""
        while not done.is_set():
            try:
                renewed = await self._store.renewed(holding.claim)
            except Exception:
                logger.warning("inbox lease not renewed", exc_info=True)
                renewed = holding.claim  # tried again at the next third
            if renewed is None:
                logger.warning("inbox lease lost", extra={"update_id": holding.claim.update_id})
                return
            holding.claim = renewed
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(done.wait(), interval)
