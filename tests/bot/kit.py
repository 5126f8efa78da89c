"""The bot as a customer meets it: the cabinet on a real database, the bot polling the emulator.

`BotWorld` is what bot tests act through: people (`await world.customer()`), the staff group
(`world.emu.staff`), mail caught by the emulator's SMTP server (`await world.mail_to(...)`),
the cabinet's services for setting the scene and checking the outcome, and `restart()` which
stops the bot and starts a new one on the same database, as a deploy would.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from aiogram import Dispatcher
from aiohttp import web
from argon2 import PasswordHasher
from sqlalchemy.ext.asyncio import AsyncEngine

from bot import notifications as notifying
from bot.app import build_dispatcher
from bot.handlers.support.album import album_collector
from bot.invoice_links import BotInvoiceLinks
from bot.state_storage import build_state_storage
from bot.web.payments import setup_payments
from core.cabinet import Cabinet, build_cabinet
from core.clock import FrozenClock
from core.mail.smtp import SmtpMailer
from core.passwords import Passwords
from core.settings import Settings
from emulator.config import DEFAULT_TOKEN, EmulatorConfig
from emulator.kit.clients import UserClient
from emulator.kit.harness import EmulatorHarness
from emulator.kit.ports import free_port
from storage.database import create_session_factory
from storage.uow import unit_of_work_factory

# argon2 at its lowest cost: the same code paths, without seconds per password in every test.
FAST_PASSWORDS = Passwords(PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))

# Inside the readings window (15th-25th) by default; tests move the clock as they need.
DEFAULT_NOW = datetime(2026, 11, 18, 9, 30, tzinfo=UTC)


@dataclass
class BotWorld:
    emu: EmulatorHarness
    engine: AsyncEngine
    settings: Settings
    clock: FrozenClock
    cabinet: Cabinet
    _stack: AsyncExitStack = field(default_factory=AsyncExitStack)
    dispatcher: Dispatcher | None = None
    notifications: notifying.Notifications | None = None

    async def customer(
        self, first_name: str = "Анна", phone: str | None = None, language_code: str = "ru"
    ) -> UserClient:
        return await self.emu.new_user(
            first_name=first_name, phone=phone, language_code=language_code
        )

    async def start_bot(self) -> None:
        session_factory = create_session_factory(self.engine)
        storage, isolation = build_state_storage(self.settings.redis_url, session_factory)
        self.dispatcher = build_dispatcher(storage, self.cabinet, isolation)
        self._bot_stack = AsyncExitStack()
        try:
            await self._bot_stack.enter_async_context(self.emu.run_bot(self.dispatcher))
            # Albums still gathering are handed on before polling (and its Bot) stops.
            self._bot_stack.push_async_callback(album_collector(self.dispatcher).close)
            # --- notifications: the outbox sender, polling every 20 ms. The reminder scheduler
            # does not run by itself here: tests that want reminders call `reminders.run()`.
            config = notifying.sender_config(self.cabinet, poll_seconds=0.02)
            self.notifications = notifying.build_notifications(
                self.emu.make_bot(), self.cabinet, config
            )
            self._bot_stack.push_async_callback(
                await notifying.start(self.notifications, with_scheduler=False)
            )
        except BaseException:
            await self.stop_bot()
            raise

    async def stop_bot(self) -> None:
        try:
            await self._bot_stack.aclose()
        finally:
            if self.dispatcher is not None:
                await self.dispatcher.storage.close()

    async def restart(self) -> None:
        """A new bot process on the same database: what is in memory is gone, state is not."""
        await self.stop_bot()
        await self.start_bot()

    async def mails(self) -> list[dict[str, Any]]:
        result: list[dict[str, Any]] = await self.emu.control("GET", "/_emu/mail")
        return result

    async def mail_to(self, address: str, timeout: float = 5.0) -> dict[str, Any]:  # noqa: ASYNC109
        """The newest mail to `address`, waiting for it if it has not arrived yet."""
        deadline = asyncio.get_running_loop().time() + timeout
        while True:
            mails = [m for m in await self.mails() if address in m["to"]]
            if mails:
                return mails[-1]
            if asyncio.get_running_loop().time() > deadline:
                raise AssertionError(f"no mail to {address}; mailbox: {await self.mails()}")
            await asyncio.sleep(0.05)

    async def code_mailed_to(self, address: str) -> str:
        mail = await self.mail_to(address)
        found = re.search(r"\b(\d{6})\b", mail["text"])
        assert found, f"no 6-digit code in the mail: {mail['text']!r}"
        return found.group(1)


@contextlib.asynccontextmanager
async def bot_world(
    engine: AsyncEngine, token: str | None = None, **settings: Any
) -> AsyncIterator[BotWorld]:
    """`token`: the bot's own (its id is in the keys of Redis, so a fresh one keeps a test's keys
    apart from any other's); the emulator's default when None."""
    smtp_port = free_port()
    config = EmulatorConfig(smtp_port=smtp_port)
    async with EmulatorHarness(config=config, token=token or DEFAULT_TOKEN) as emu:
        values: dict[str, Any] = {
            "staff_chat_id": emu.world.staff_chat_id,
            "smtp_port": smtp_port,
            "smtp_from": "robot@lk.example",
        }
        # Payments: the bot's web app on a port of its own, the bank is the emulator's sandbox.
        web_port = free_port()
        values["public_url"] = f"http://127.0.0.1:{web_port}"
        values["sberbank_api_url"] = emu.sandbox.api_url
        values.update(settings)
        app_settings = Settings(_env_file=None, **values)
        clock = FrozenClock(DEFAULT_NOW)
        uow_factory = unit_of_work_factory(create_session_factory(engine))
        mailer = SmtpMailer(app_settings.smtp_host, smtp_port, app_settings.smtp_from)
        invoice_bot = emu.make_bot()
        invoice_links = BotInvoiceLinks(invoice_bot, app_settings.telegram_payment_provider_token)
        cabinet = build_cabinet(
            app_settings, uow_factory, clock, mailer, FAST_PASSWORDS, invoice_links
        )
        world = BotWorld(emu, engine, app_settings, clock, cabinet)
        async with AsyncExitStack() as stack:
            stack.push_async_callback(invoice_bot.session.close)
            stack.push_async_callback(cabinet.payments.aclose)  # the bank client's session
            await world.start_bot()
            stack.push_async_callback(world.stop_bot)
            web_runner = await _start_web_app(world, web_port)
            stack.push_async_callback(web_runner.cleanup)
            yield world


async def _start_web_app(world: BotWorld, port: int) -> web.AppRunner:
    """The bot's web app as `cabinet run` serves it: the bank's callbacks and return page."""

    async def bot_username() -> str | None:
        state = await world.emu.state()
        username: str | None = state["bot"].get("username")
        return username

    app = web.Application()
    setup_payments(app, world.cabinet.payments.settlement, bot_username)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    return runner
