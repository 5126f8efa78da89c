"""The update inbox: an update counts as received only once it is kept or handled.

Every update, from the webhook or from long polling, is first written to the `update_inbox`
table (its `update_id` is the key) and only then acknowledged to Telegram: the webhook's 200,
the next getUpdates' offset. Handling claims it under a short lease renewed while the handler
runs, and marks it handled at the end. What follows:
- a kill -9 at any instant loses nothing: an update not yet kept was not acknowledged, so
  Telegram sends it again; one kept but not handled is taken over by the recovery loop of this
  process after a restart, or of any other worker, once its lease runs out;
- a redelivered `update_id` (Telegram retrying, two workers getting the same one) is kept once
  and handled once; handled updates are remembered for `retention` and then purged (longer than
  the 24 hours Telegram keeps an update, shorter than the week of silence after which Telegram
  may start its update ids anywhere);
- one chat's updates are handled one at a time in `update_id` order, on any worker;
- PostgreSQL or Redis away: nothing is kept or handled meanwhile, the customer hears a short
  apology, and it all goes on once they are back (`outage.py`);
- a handler cut short by a crash runs again from the start on the next claim (at least once):
  whatever it had done before the crash (a message sent) may happen twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.methods import TelegramMethod
from aiogram.types import Update

from bot.i18n import build_i18n
from bot.inbox.outage import OutageApology
from bot.inbox.polling import poll
from bot.inbox.store import Claim, Identify, InboxStore
from bot.inbox.webhook import InboxWebhook
from bot.inbox.worker import Feed, InboxConfig, InboxWorker
from core.clock import SystemClock
from core.health import Heartbeats
from core.settings import Settings
from storage.uow import UnitOfWorkFactory

__all__ = ["Inbox", "InboxConfig", "build_inbox", "inbox_config"]


@dataclass
class Inbox:
    store: InboxStore
    worker: InboxWorker
    apology: OutageApology
    heartbeats: Heartbeats
    bot: Bot | None = None

    def webhook(self, secret: str | None, answer_within: float) -> InboxWebhook:
        return InboxWebhook(self.store, self.worker, secret, answer_within, self.apology, self.bot)

    async def poll(self, bot: Bot, allowed_updates: list[str] | None) -> None:
        await poll(
            bot,
            self.store,
            self.worker,
            allowed_updates=allowed_updates,
            apology=self.apology,
            heartbeats=self.heartbeats,
        )


def inbox_config(settings: Settings, **overrides: Any) -> InboxConfig:
    values: dict[str, Any] = {
        "lease": timedelta(seconds=settings.inbox_lease_seconds),
        "recovery_seconds": settings.inbox_recovery_seconds,
        "retention": timedelta(hours=settings.inbox_retention_hours),
    }
    values.update(overrides)
    return InboxConfig(**values)


def build_inbox(
    uow_factory: UnitOfWorkFactory,
    dispatcher: Dispatcher,
    bot: Bot,
    config: InboxConfig,
    heartbeats: Heartbeats | None = None,
    identify: Identify | None = None,
) -> Inbox:
    """`identify`: who an update's sender is, read in the transaction that claims it and handed
    to the dispatcher as `identified` (`IdentityMiddleware`)."""
    # Leases are wall-clock time between workers, whatever clock the cabinet is given.
    store = InboxStore(uow_factory, SystemClock(), config.lease, identify)
    feed = dispatcher_feed(dispatcher, bot)
    apology = OutageApology(bot, build_i18n())
    heartbeats = heartbeats or Heartbeats()
    worker = InboxWorker(store, feed, config, heartbeats=heartbeats, apology=apology)
    return Inbox(store, worker, apology, heartbeats, bot)


def dispatcher_feed(dispatcher: Dispatcher, bot: Bot) -> Feed:
    """Feeds a kept update to the dispatcher; a method a handler returns (a webhook-style
    answer) is called, as aiogram's polling does."""

    async def feed(claim: Claim) -> None:
        update = claim.parsed or Update.model_validate(claim.payload, context={"bot": bot})
        result = await dispatcher.feed_update(
            bot, update, from_inbox=True, identified=claim.identified
        )
        if isinstance(result, TelegramMethod):
            await dispatcher.silent_call_request(bot, result)

    return feed
