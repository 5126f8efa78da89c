"""The emulator's aiohttp application and a runner for `cabinet emulator`."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable

from aiohttp import web

from emulator.botapi import SPEC_KEY, WORLD_KEY, setup_bot_api
from emulator.clock import Clock
from emulator.config import EmulatorConfig
from emulator.control import setup_control
from emulator.events import EVENTS_KEY, EventBus
from emulator.faults import setup_faults
from emulator.mailbox import setup_mailbox
from emulator.sandbox import setup_sandbox
from emulator.spec import load_spec
from emulator.webchat import setup_webchat
from emulator.world import World

log = logging.getLogger(__name__)
# Room for a 20 MB file plus the form around it; larger uploads get Telegram's 413 from us.
MAX_REQUEST_BYTES = 64 * 1024 * 1024


def create_app(
    config: EmulatorConfig,
    clock: Clock | None = None,
    monotonic: Callable[[], float] = time.monotonic,
) -> web.Application:
    app = web.Application(client_max_size=MAX_REQUEST_BYTES)
    events = EventBus()
    app[EVENTS_KEY] = events
    app[WORLD_KEY] = World(config, events, clock=clock, monotonic=monotonic)
    app[SPEC_KEY] = load_spec()
    setup_bot_api(app)
    setup_control(app)
    setup_faults(app)
    setup_sandbox(app)
    setup_webchat(app)
    if config.smtp_port:
        setup_mailbox(app, config.smtp_host, config.smtp_port)
    app.on_shutdown.append(_end_long_requests)
    return app


async def _end_long_requests(app: web.Application) -> None:
    """Long polls and event streams end at once, so shutting down never waits for them."""
    app[EVENTS_KEY].close()
    await app[WORLD_KEY].updates.close()


async def serve(config: EmulatorConfig, ready: asyncio.Event | None = None) -> None:
    """Runs the emulator on `config.host:config.port` until cancelled."""
    runner = web.AppRunner(create_app(config))
    await runner.setup()
    site = web.TCPSite(runner, config.host, config.port)
    await site.start()
    log.info("emulator at http://%s:%s/", config.host, config.port)
    if ready is not None:
        ready.set()
    try:
        await asyncio.Event().wait()
    finally:
        await runner.cleanup()
