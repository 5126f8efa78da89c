"""Notifications: the outbox sender, the reminder scheduler, and running both beside the bot.

The sender gets a Bot of its own (no `FloodWait` middleware: it paces itself and must see each
429 to count and honour it). Both loops beat `heartbeats`, which `/healthz` reads."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import timedelta
from typing import Any

from aiogram import Bot
from redis.asyncio import Redis

from bot.cluster_lease import ClusterLease, worker_identity
from bot.i18n import build_i18n
from bot.notifications.scheduler import SCHEDULER_LOOP, ReminderScheduler
from bot.notifications.sender import SENDER_LOOP, OutboxSender, SenderConfig
from core.cabinet import Cabinet
from core.health import Heartbeats
from core.notifications.delivery import RetryPolicy
from core.settings import Settings

SENDER_LEASE = timedelta(seconds=15)


def scheduler_lease(interval_seconds: float) -> timedelta:
    """Renewed at every round: three rounds' worth, a minute at least."""
    return timedelta(seconds=max(60.0, 3 * interval_seconds))


@dataclass
class Notifications:
    sender: OutboxSender
    scheduler: ReminderScheduler
    heartbeats: Heartbeats


def sender_config(cabinet: Cabinet, **overrides: Any) -> SenderConfig:
    settings = cabinet.settings
    config = SenderConfig(
        rate_per_second=settings.notify_rate_per_second,
        poll_seconds=settings.notify_poll_seconds,
        send_timeout=settings.notify_send_timeout_seconds,
        retry=RetryPolicy(max_attempts=settings.notify_max_attempts),
        paid_broadcast=settings.notify_paid_broadcast,
    )
    return replace(config, **overrides)


def build_notifications(
    bot: Bot,
    cabinet: Cabinet,
    config: SenderConfig,
    heartbeats: Heartbeats | None = None,
    redis: Redis | None = None,
) -> Notifications:
    heartbeats = heartbeats or Heartbeats()
    holder = worker_identity()
    sender = OutboxSender(
        bot,
        cabinet.uow_factory,
        cabinet.clock,
        build_i18n(),
        config,
        heartbeats=heartbeats,
        lease=ClusterLease(cabinet.uow_factory, SENDER_LOOP, SENDER_LEASE, holder=holder),
        redis=redis,
    )
    interval = cabinet.settings.reminders_interval_seconds
    scheduler = ReminderScheduler(
        cabinet.reminders,
        interval,
        sender.wake,
        heartbeats=heartbeats,
        lease=ClusterLease(
            cabinet.uow_factory, SCHEDULER_LOOP, scheduler_lease(interval), holder=holder
        ),
    )
    return Notifications(sender, scheduler, heartbeats)


@contextlib.asynccontextmanager
async def running(
    notifications: Notifications, *, with_scheduler: bool = True
) -> AsyncIterator[Notifications]:
    """Both loops in the background for the block; the sender stops cleanly (see sender.py).
    Tests that move the clock run the scheduler themselves (`with_scheduler=False`)."""
    tasks = [asyncio.create_task(notifications.sender.run(), name=SENDER_LOOP)]
    if with_scheduler:
        tasks.append(asyncio.create_task(notifications.scheduler.run(), name=SCHEDULER_LOOP))
    try:
        yield notifications
    finally:
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        if with_scheduler:
            with contextlib.suppress(Exception):  # the database away: the lease runs out
                await notifications.scheduler.give_up()


def sender_bot(settings: Settings) -> Bot:
    if settings.bot_token is None:
        raise ValueError("BOT_TOKEN is not set")
    # Imported here: bot.app imports the handlers, which import this package.
    from bot.app import build_bot

    return build_bot(
        settings.bot_token.get_secret_value(), settings.telegram_api_url, flood_wait=False
    )


async def start(
    notifications: Notifications | None, *, with_scheduler: bool = True
) -> Callable[[], Awaitable[None]]:
    """Starts both loops; returns what stops them (and closes the sender's Bot session)."""
    if notifications is None:
        return _nothing
    stack = contextlib.AsyncExitStack()
    # Closed last, after the loops have stopped: the sender finishes the sends on the wire when
    # stopped, and a send after the close would open a new aiohttp session that nobody closes.
    stack.push_async_callback(notifications.sender.bot.session.close)
    try:
        await stack.enter_async_context(running(notifications, with_scheduler=with_scheduler))
    except BaseException:
        await stack.aclose()
        raise
    return stack.aclose


async def _nothing() -> None:
    return None
