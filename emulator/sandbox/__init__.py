"""The acquiring bank's sandbox: Sberbank's online-acquiring REST protocol, its payment page and
the signed callback to the merchant, so payments run end to end with no bank (CONTROL_API.md)."""

from __future__ import annotations

from aiohttp import web

from emulator.botapi import WORLD_KEY
from emulator.events import EVENTS_KEY
from emulator.sandbox.control import setup_sandbox_control
from emulator.sandbox.gateway import SANDBOX_KEY, Sandbox
from emulator.sandbox.page import setup_page
from emulator.sandbox.rest import REST_PATH, setup_rest

__all__ = ["REST_PATH", "SANDBOX_KEY", "Sandbox", "setup_sandbox"]


def setup_sandbox(app: web.Application) -> None:
    """Mounts the sandbox on the emulator's app (after its world and event bus exist)."""
    world = app[WORLD_KEY]
    sandbox = Sandbox(world.config, world.clock, app[EVENTS_KEY])
    app[SANDBOX_KEY] = sandbox
    setup_rest(app)
    setup_page(app)
    setup_sandbox_control(app)

    async def close(app: web.Application) -> None:
        await sandbox.close()

    app.on_shutdown.append(close)
