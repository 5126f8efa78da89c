"""Long polling through the inbox: Telegram hears that an update arrived only once it is kept.

Telegram forgets updates up to the offset the next getUpdates carries. aiogram's own loop moves
the offset as soon as it starts a handler, so an update being handled when the process is killed
is gone. Here a batch is kept in the inbox first (one transaction), and only then does the next
call carry the offset past it; the kept updates are handled by the worker meanwhile. A process
killed at any instant loses nothing: a batch not yet kept comes again (the offset did not move),
one kept but not yet confirmed comes again and is found kept, one kept and not yet handled is
handled by the recovery loop.
"""

from __future__ import annotations

import logging

from aiogram import Bot
from aiogram.methods import GetUpdates
from aiogram.utils.backoff import Backoff, BackoffConfig

from bot.inbox.outage import OutageApology
from bot.inbox.received import Received, received_from_update
from bot.inbox.store import InboxStore
from bot.inbox.worker import InboxWorker
from core.health import Heartbeats

logger = logging.getLogger("cabinet.inbox")

POLLING_LOOP = "update-polling"
POLLING_STUCK_AFTER = 120.0
# aiogram's own polling backoff.
BACKOFF = BackoffConfig(min_delay=1.0, max_delay=5.0, factor=1.3, jitter=0.1)


async def poll(
    bot: Bot,
    store: InboxStore,
    worker: InboxWorker,
    *,
    allowed_updates: list[str] | None = None,
    polling_timeout: int = 10,
    backoff: BackoffConfig = BACKOFF,
    apology: OutageApology | None = None,
    heartbeats: Heartbeats | None = None,
) -> None:
    """Runs until cancelled (which may come at any point: nothing kept is lost, nothing not
    kept was confirmed). `/healthz` hears of it when it has ended, or when no round has worked
    for two minutes (Telegram out of reach, the token revoked, the database away)."""
    heartbeats = heartbeats or Heartbeats()
    heartbeats.started(POLLING_LOOP, POLLING_STUCK_AFTER)
    get_updates = GetUpdates(timeout=polling_timeout, allowed_updates=allowed_updates)
    # Longer than the long poll itself, as aiogram does, so a quiet poll is not a timeout.
    request_timeout = int(bot.session.timeout + polling_timeout)
    retry = Backoff(backoff)
    while True:
        received: list[Received] = []
        try:
            updates = await bot(get_updates, request_timeout=request_timeout)
            received = [received_from_update(update) for update in updates]
            kept = await store.keep_claiming(received)
        except Exception as error:
            heartbeats.failed(POLLING_LOOP, error)
            logger.warning(
                "updates not received",
                extra={"error": type(error).__name__, "retry_in": retry.next_delay},
            )
            if apology is not None:
                for update in received:  # fetched but not kept: the database is away
                    apology.tell(update)
            await retry.asleep()
            continue
        retry.reset()
        heartbeats.beat(POLLING_LOOP)
        if updates:
            get_updates.offset = updates[-1].update_id + 1
        worker.take(kept)
