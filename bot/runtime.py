"""The running bot: builds every part from settings once, then polls or serves a webhook."""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import logging
from dataclasses import dataclass
from urllib.parse import urlsplit

from aiogram import Bot, Dispatcher
from aiogram.fsm.storage.redis import RedisStorage
from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncEngine

from bot import notifications as notifying
from bot.app import build_bot, build_dispatcher, remembers_identities
from bot.command_menu import publish_commands
from bot.handlers.support.album import album_collector
from bot.i18n import build_i18n
from bot.inbox import Inbox, build_inbox, inbox_config
from bot.invoice_links import BotInvoiceLinks
from bot.state_storage import build_state_storage
from bot.web.consent import setup_consent
from bot.web.health import setup_health
from bot.web.payments import setup_payments, username_of
from core.cabinet import build_cabinet
from core.clock import Clock, SystemClock
from core.health import Heartbeats
from core.mail.smtp import SmtpMailer
from core.payments.service import Payments
from core.settings import Settings
from core.users.telegram_accounts import user_signed_in
from storage.database import create_engine, create_session_factory
from storage.uow import unit_of_work_factory

logger = logging.getLogger("cabinet.runtime")
WEBHOOK_PATH = "/telegram/webhook"


@dataclass
class Runtime:
    settings: Settings
    engine: AsyncEngine
    bot: Bot
    dispatcher: Dispatcher
    web_app: web.Application
    inbox: Inbox  # every update is kept before it is acknowledged (bot/inbox)
    notifications: notifying.Notifications | None = None  # the outbox sender and reminders
    payments: Payments | None = None  # its gateway's HTTP session is closed at shutdown

    @property
    def webhook_mode(self) -> bool:
        return webhook_mode(self.settings)

    async def close(self) -> None:
        """Every step runs even when an earlier one fails (the first failure is raised)."""
        async with contextlib.AsyncExitStack() as closing:
            closing.push_async_callback(self.engine.dispose)
            if self.payments is not None:
                closing.push_async_callback(self.payments.aclose)
            closing.push_async_callback(self.bot.session.close)
            closing.push_async_callback(self.inbox.apology.close)
            closing.push_async_callback(self.dispatcher.fsm.events_isolation.close)
            closing.push_async_callback(self.dispatcher.storage.close)
            # First of all: the albums still gathering are handed on while the rest is open.
            closing.push_async_callback(album_collector(self.dispatcher).close)


def webhook_mode(settings: Settings) -> bool:
    """Webhook when `WEBHOOK_SECRET` is set and `PUBLIC_URL` is https (Telegram delivers to https
    only), or plain http to this machine: a local Bot API server (the emulator, Telegram's own
    `telegram-bot-api` server) delivering to a balancer on loopback."""
    if settings.webhook_secret is None:
        return False
    url = urlsplit(settings.public_url)
    return url.scheme == "https" or (url.scheme == "http" and _is_loopback(url.hostname))


def _is_loopback(host: str | None) -> bool:
    if host == "localhost":
        return True
    try:
        return host is not None and ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def build_runtime(settings: Settings, clock: Clock | None = None) -> Runtime:
    if settings.bot_token is None:
        raise ValueError("BOT_TOKEN is not set")
    engine = create_engine(
        settings.database_url,
        pool_size=settings.database_pool_size,
        max_overflow=settings.database_max_overflow,
    )
    session_factory = create_session_factory(engine)
    uow_factory = unit_of_work_factory(session_factory)
    storage, isolation = build_state_storage(settings.redis_url, session_factory)
    mailer = SmtpMailer(settings.smtp_host, settings.smtp_port, settings.smtp_from)
    bot = build_bot(settings.bot_token.get_secret_value(), settings.telegram_api_url)
    invoice_links = BotInvoiceLinks(bot, settings.telegram_payment_provider_token)
    cabinet = build_cabinet(
        settings, uow_factory, clock or SystemClock(), mailer, invoice_links=invoice_links
    )
    dispatcher = build_dispatcher(storage, cabinet, isolation)
    web_app = web.Application()
    heartbeats = Heartbeats()  # the background loops beat it; /healthz reads it
    redis = storage.redis if isinstance(storage, RedisStorage) else None
    setup_health(web_app, uow_factory, heartbeats, redis)
    setup_consent(web_app)
    setup_payments(web_app, cabinet.payments.settlement, username_of(bot))
    identify = None if remembers_identities(settings) else user_signed_in
    inbox = build_inbox(uow_factory, dispatcher, bot, inbox_config(settings), heartbeats, identify)
    runtime = Runtime(settings, engine, bot, dispatcher, web_app, inbox, payments=cabinet.payments)
    runtime.notifications = notifying.build_notifications(
        notifying.sender_bot(settings),
        cabinet,
        notifying.sender_config(cabinet),
        heartbeats,
        redis,
    )
    return runtime


async def serve(
    runtime: Runtime, stop: asyncio.Event | None = None, ready: asyncio.Event | None = None
) -> None:
    """Runs until `stop` is set (or forever): the web app, and polling or the webhook. `ready` is
    set once the web app listens and the background tasks run: a failure before it is a start-up
    failure (a port taken), one after it a crash."""
    settings = runtime.settings
    if runtime.webhook_mode:
        secret = settings.webhook_secret.get_secret_value() if settings.webhook_secret else None
        webhook = runtime.inbox.webhook(secret, settings.webhook_answer_seconds)
        webhook.register(runtime.web_app, WEBHOOK_PATH)
    async with contextlib.AsyncExitStack() as stack:
        stack.push_async_callback(runtime.close)
        runner = web.AppRunner(runtime.web_app, access_log=None)
        await runner.setup()
        stack.push_async_callback(runner.cleanup)
        await web.TCPSite(runner, settings.web_host, settings.web_port).start()
        logger.info(
            "web app listening", extra={"host": settings.web_host, "port": settings.web_port}
        )
        stack.push_async_callback(await notifying.start(runtime.notifications))
        # Stopped first: the updates being handled finish while the rest still runs.
        await stack.enter_async_context(runtime.inbox.worker.running())
        if ready is not None:
            ready.set()
        await publish_commands(runtime.bot, build_i18n())
        if runtime.webhook_mode:
            await _serve_webhook(runtime, stop)
        else:
            await _poll(runtime, stop)


async def _poll(runtime: Runtime, stop: asyncio.Event | None) -> None:
    await runtime.bot.delete_webhook(drop_pending_updates=False)
    used = runtime.dispatcher.resolve_used_update_types()
    polling = asyncio.create_task(runtime.inbox.poll(runtime.bot, used))
    logger.info("polling for updates")
    try:
        if stop is None:
            await polling
        else:
            await stop.wait()
    finally:
        # Polling may stop at any point (nothing kept is lost), and before the Bot's session closes.
        polling.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await polling


async def _serve_webhook(runtime: Runtime, stop: asyncio.Event | None) -> None:
    settings = runtime.settings
    secret = settings.webhook_secret.get_secret_value() if settings.webhook_secret else None
    url = settings.public_url.rstrip("/") + WEBHOOK_PATH
    await runtime.bot.set_webhook(url, secret_token=secret, drop_pending_updates=False)
    logger.info("webhook set", extra={"url": url})
    await (stop or asyncio.Event()).wait()
