"""`OutboxSender`: delivers the outbox to Telegram within its limits, each notification once.

How it works. The sender claims due rows in batches under a lease of 30 s
(`core.notifications.delivery`), and gives each row a task: wait for the chat's pacer and the
overall one (`pacing.py`), render, send, write the outcome. While it holds rows (queued, on the
wire, waiting for a retry), it renews their leases together, in one UPDATE, every 10 s (a third of
the lease), and sends a row only with at least 15 s (half) of its lease left. Outcomes per
Telegram's answer:
- success → `sent` with the message id and the time;
- 429 → everyone waits `retry_after` (the pacers pause), then the row is tried again; not an
  attempt, but counted in `metrics.flood_waits` (zero when the pacing is right);
- 5xx, timeouts, network errors → an attempt: backoff with jitter, then again; after
  `max_attempts` the row is `failed` with the last error;
- 403 (the user blocked the bot) → the chat's Telegram identities get `blocked_at`, and this row
  and every other pending row to that chat are `skipped`; `notify_user` writes no more to it;
- any other refusal (400 "chat not found", a message Telegram will not take) → `failed`;
- a kind the user switched off since it was enqueued → `skipped`, nothing sent.

The loop that claims survives any exception (`background.py`): a database that is away or locked
(another process's long write on SQLite) fails a round, which is logged and tried again after a
backoff of 1 s doubling up to 30 s; the rows it claims once the database answers again go out as
usual. `/healthz` reports the sender when its task has ended, or when no round has worked for a
minute (`SenderConfig.stuck_after`: longer than SQLite's 30 s wait for a lock and a backoff).

What "exactly once" means here. Telegram has no idempotency key: if a message went out and the
process dies before the database records it, the row's lease runs out and another sender sends
it again. Everything else is closed off:
- two senders, or a restarted one, never hold the same row (the lease), and an outcome is written
  only by the holder of the lease, so a late sender cannot overwrite a newer one;
- the rows of a sender that died (a hard kill, a crash) are taken over by another about 30 s
  after its last renewal, that is within 20 to 30 s of its death, not minutes later; a row whose
  own task failed unexpectedly (a bug, the database lost mid-write) is let go the same way;
- the send and the write of its outcome run shielded from cancellation: a sender stopped or
  cancelled mid-batch (a deploy, SIGTERM, a test) finishes the messages already on the wire and
  records them, and gives the rows it had not started back at once;
- the outcome is one UPDATE committed straight after Telegram's answer, so the remaining window
  (a hard kill, power loss between the answer and the commit) is a few milliseconds per message;
  an outcome the database refuses (away for a moment) is written again after a backoff, for as
  long as the row's lease lasts.
So: at most once while the process lives or stops normally; at least once across a hard crash,
with a duplicate possible only for a message whose answer arrived in that window. A notification
of several messages (a staff answer with a text and an album) records each part but the last as
sent in its row (`OutboxStore.progressed`) straight after Telegram's answer: a 429 or a 5xx on a
later part, or a crash, resumes it from the first unsent part, so the same window applies per
part. The database away for longer than a lease (over 20 s) is the one other case: the sender
cannot renew, another sender may take its rows over, and a message whose outcome could not be
written by then may go out twice; a row it has not sent yet it finds taken and leaves.

Per chat, one message is in flight at a time, so a chat reads its notifications in queue order.

Several workers: each runs a sender, and only the one holding the cluster lease
(`cluster_lease.py`) claims rows, so the overall pace is one process's. When it dies another
takes the lease over within its 15 s (its rows' own leases run out meanwhile). With
`paid_broadcast` every message goes as Telegram's paid broadcast (up to 1,000 a second).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from datetime import timedelta
from enum import Enum
from functools import partial
from typing import Any, TypeVar

from aiogram import Bot
from aiogram.exceptions import (
    TelegramAPIError,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.methods import TelegramMethod
from aiogram.types import Message
from redis.asyncio import Redis

from bot.background import BackgroundLoop, Backoff, error_fields
from bot.cluster_lease import ClusterLease
from bot.i18n import PoCatalogI18n
from bot.notifications.pacing import OVERALL_BURST, ChatPacers, Pacer, Rate
from bot.notifications.render import render
from bot.notifications.undelivered import StaffWarningStore
from core.clock import Clock
from core.health import Heartbeats
from core.notifications.delivery import Due, OutboxStore, RetryPolicy, progress_of
from storage.uow import UnitOfWorkFactory

logger = logging.getLogger("cabinet.outbox")
SENDER_LOOP = "outbox-sender"
_T = TypeVar("_T")


@dataclass
class SenderMetrics:
    sent: int = 0
    failed: int = 0
    skipped: int = 0  # rows skipped because their chat blocked the bot
    blocked: int = 0  # chats found blocked
    flood_waits: int = 0  # 429s met (zero while the pacing is right)
    retries: int = 0  # failed attempts tried again (5xx, timeouts)
    lost_leases: int = 0  # outcomes not written: another sender had taken the row over


@dataclass(frozen=True, slots=True)
class SenderConfig:
    rate_per_second: float = 29.5
    batch: int = 200  # rows claimed at most at once (also the most in flight)
    poll_seconds: float = 1.0
    lease: timedelta = timedelta(seconds=30)  # renewed every 10 s while the sender holds a row
    send_timeout: float = 10.0
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    backoff: Backoff = field(default_factory=Backoff)  # after a round of the loop failed
    stuck_after: float = 60.0  # /healthz: no round worked for so long (at least 3 polls)
    paid_broadcast: bool = False  # every message with `allow_paid_broadcast` (see settings)


class _Outcome(Enum):
    DONE = "done"
    RETRY = "retry"
    FLOOD = "flood"


class OutboxSender:
    def __init__(
        self,
        bot: Bot,
        uow_factory: UnitOfWorkFactory,
        clock: Clock,
        i18n: PoCatalogI18n,
        config: SenderConfig = SenderConfig(),
        *,
        monotonic: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
        heartbeats: Heartbeats | None = None,
        lease: ClusterLease | None = None,
        redis: Redis | None = None,
    ) -> None:
        self.bot = bot
        self.config = config
        # With several workers, only the one holding it sends: Telegram's overall limit is the
        # bot's, so the pacing must be one process's.
        self._lease = lease
        self.metrics = SenderMetrics()
        self._store: OutboxStore = StaffWarningStore(
            uow_factory, clock, config.lease, bot, i18n, redis
        )
        self._loop = BackgroundLoop(
            SENDER_LOOP,
            heartbeats or Heartbeats(),
            max(config.stuck_after, 3 * config.poll_seconds),
            config.backoff,
        )
        self._i18n = i18n
        self._sleep = sleep
        self._overall = Pacer(Rate(OVERALL_BURST, config.rate_per_second), monotonic, sleep)
        self._chats = ChatPacers(monotonic, sleep)
        self._wake = asyncio.Event()
        self._tasks: set[asyncio.Task[None]] = set()
        self._on_wire: set[asyncio.Future[tuple[_Outcome, Due]]] = set()
        self._retry_after: dict[int, float] = {}
        # Claims are numbered; a chat found blocked skips the rows claimed up to then (they were
        # skipped in the database too), while rows claimed later were enqueued after an unblock.
        self._round = 0
        self._claimed_in: dict[int, int] = {}
        self._blocked_in: dict[int, int] = {}

    def wake(self) -> None:
        """Something was enqueued: look now rather than at the next poll."""
        self._wake.set()

    async def run(self) -> None:
        """Sends until cancelled, whatever fails meanwhile; on cancel finishes what is on the
        wire and gives back the rest."""
        try:
            await self._loop.run_forever(self._poll_once)
        finally:
            await self._stop()

    async def _poll_once(self) -> None:
        await self._store.renew_held()
        if self._lease is not None and not await self._lease.held():
            await self._idle()  # another worker sends; this one finishes what it holds
            return
        room = self.config.batch - len(self._tasks)
        # Claims in chunks (a quarter of the batch at least) rather than row by row.
        if room >= max(1, self.config.batch // 4) or not self._tasks:
            claimed = await self._claim(room)
            if claimed and len(claimed) == room:
                return  # more may be due: claim again at once (the tasks wait on the pacers)
        await self._idle()

    async def run_until_idle(self) -> None:
        """Sends until nothing is due and nothing is in flight (benchmarks and tests)."""
        while True:
            await self._store.renew_held()
            room = self.config.batch - len(self._tasks)
            claimed = await self._claim(room) if room >= max(1, self.config.batch // 4) else []
            if not claimed and not self._tasks:
                return
            if not claimed or room <= len(claimed):
                await asyncio.wait(
                    set(self._tasks),
                    timeout=self.config.poll_seconds,
                    return_when=asyncio.FIRST_COMPLETED,
                )

    async def _claim(self, room: int) -> list[Due]:
        if room <= 0:
            return []
        claimed = await self._store.claim(room)
        self._round += 1
        for due in claimed:
            self._claimed_in[due.id] = self._round
            task = asyncio.create_task(self._deliver(due))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        if len(self._blocked_in) > 10_000:
            self._blocked_in.clear()
        return claimed

    async def _idle(self) -> None:
        """Until a task ends (room for more), a wake-up, or the poll interval."""
        self._wake.clear()
        waiters: set[asyncio.Future[Any]] = set(self._tasks)
        woken = asyncio.ensure_future(self._wake.wait())
        waiters.add(woken)
        try:
            await asyncio.wait(
                waiters, timeout=self.config.poll_seconds, return_when=asyncio.FIRST_COMPLETED
            )
        finally:
            woken.cancel()

    async def _stop(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        if self._on_wire:
            await asyncio.gather(*self._on_wire, return_exceptions=True)
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)
        try:
            await asyncio.shield(self._store.release_held())
            if self._lease is not None:
                await asyncio.shield(self._lease.give_up())
        except Exception as error:  # the database away: the rows and the lease run out
            logger.error("outbox rows not given back", extra=error_fields(error))

    # --- one row -------------------------------------------------------------------------------
    async def _deliver(self, due: Due) -> None:
        chat = self._chats.of(due.chat_id)
        try:
            async with chat.in_order:
                claimed_in = self._claimed_in.get(due.id, 0)
                if self._blocked_in.get(due.chat_id, -1) >= claimed_in:
                    self._store.forget(due)  # skipped when the chat was found blocked
                    return
                await self._deliver_in_turn(due, chat)
        except asyncio.CancelledError:
            raise  # the sender is stopping: it gives back the rows it still holds
        except Exception as error:  # a bug, or the database away for longer than the lease
            logger.error(
                "outbox delivery crashed", extra={"outbox_id": due.id, **error_fields(error)}
            )
            self._store.forget(due)  # taken again once its lease runs out
        else:
            self._store.forget(due)
        finally:
            self._claimed_in.pop(due.id, None)

    async def _deliver_in_turn(self, due: Due, chat: Pacer) -> None:
        attempts = due.attempts
        while True:
            await chat.take()
            await self._overall.take()
            held = await self._store.renewed(due)
            if held is None:  # could not renew in time: another sender took the row over
                self.metrics.lost_leases += 1
                return
            due = held
            on_wire = asyncio.ensure_future(self._attempt(due, attempts))
            self._on_wire.add(on_wire)
            on_wire.add_done_callback(self._on_wire.discard)
            outcome, due = await asyncio.shield(on_wire)
            if outcome is _Outcome.DONE:
                return
            if outcome is _Outcome.FLOOD:
                await self._sleep(self._retry_after.pop(due.id, 1.0))
                continue
            attempts += 1
            self.metrics.retries += 1
            await self._sleep(self.config.retry.delay(attempts))

    async def _attempt(self, due: Due, attempts: int) -> tuple[_Outcome, Due]:
        """One try at the row and the write of its outcome (runs shielded from cancellation);
        the row as it is now (its progress through several parts recorded)."""
        if due.switched_off:
            await self._finish(due, partial(self._store.skipped, due, "switched off"))
            return _Outcome.DONE, due
        progress = progress_of(due)
        language = progress.language or due.language  # a resumed one goes on as it began
        try:
            methods = render(replace(due, language=language), self._i18n)
        except (KeyError, TypeError, ValueError) as error:
            reason = f"cannot render: {error!r}"
            await self._finish(due, partial(self._store.failed, due, reason, attempts))
            self.metrics.failed += 1
            return _Outcome.DONE, due
        try:
            for part in range(progress.parts_sent, len(methods)):
                result = await self.bot(
                    self._paid(methods[part]), request_timeout=max(1, int(self.config.send_timeout))
                )
                if progress.first_message_id is None:
                    progress = replace(progress, first_message_id=_message_id(result))
                if part + 1 < len(methods):
                    progress = replace(progress, parts_sent=part + 1, language=language)
                    held = await self._recorded(due, partial(self._store.progressed, due, progress))
                    if held is None:  # another sender took the row over: it goes on from here
                        self.metrics.lost_leases += 1
                        return _Outcome.DONE, due
                    due = held
        except TelegramRetryAfter as flood:
            self.metrics.flood_waits += 1
            self._retry_after[due.id] = float(flood.retry_after)
            self._overall.pause(flood.retry_after)
            self._chats.of(due.chat_id).pause(flood.retry_after)
            logger.warning("outbox flood wait", extra={"retry_after": flood.retry_after})
            return _Outcome.FLOOD, due
        except TelegramForbiddenError as refused:
            skipped = await self._store.blocked(due, refused.message)
            self._blocked_in[due.chat_id] = self._round
            self.metrics.blocked += 1
            self.metrics.skipped += skipped
            return _Outcome.DONE, due
        except (TelegramServerError, TelegramNetworkError, TimeoutError) as error:
            attempts += 1
            message = f"{type(error).__name__}: {error}"
            if attempts >= self.config.retry.max_attempts:
                await self._finish(due, partial(self._store.failed, due, message, attempts))
                self.metrics.failed += 1
                return _Outcome.DONE, due
            await self._finish(due, partial(self._store.attempt_failed, due, message, attempts))
            return _Outcome.RETRY, due
        except TelegramAPIError as error:
            await self._finish(due, partial(self._store.failed, due, error.message, attempts + 1))
            self.metrics.failed += 1
            return _Outcome.DONE, due
        message_id = progress.first_message_id
        await self._finish(due, partial(self._store.sent, due, message_id, attempts + 1))
        self.metrics.sent += 1
        return _Outcome.DONE, due

    def _paid(self, method: TelegramMethod[Any]) -> TelegramMethod[Any]:
        if not self.config.paid_broadcast:
            return method
        return method.model_copy(update={"allow_paid_broadcast": True})

    async def _finish(self, due: Due, write: Callable[[], Awaitable[bool]]) -> None:
        if not await self._recorded(due, write):
            self.metrics.lost_leases += 1
            logger.warning("outbox lease lost before the outcome was written")

    async def _recorded(self, due: Due, write: Callable[[], Awaitable[_T]]) -> _T:
        """`write()` of what became of the row, tried again after a backoff while the database
        refuses it and the row's lease lasts: what was done (a message sent) is done, only its
        record is missing, and without it the row would be sent again after its lease."""
        failures = 0
        while True:
            try:
                return await write()
            except Exception as error:
                failures += 1
                delay = self.config.backoff.delay(failures)
                if self._store.held_for(due) <= delay:
                    raise
                extra = {"outbox_id": due.id, "retry_in": delay, **error_fields(error)}
                logger.warning("outbox outcome not written yet", extra=extra)
            await self._sleep(delay)


def _message_id(result: Any) -> int | None:
    if isinstance(result, Message):
        return result.message_id
    if isinstance(result, list) and result and isinstance(result[0], Message):
        return result[0].message_id
    return None
