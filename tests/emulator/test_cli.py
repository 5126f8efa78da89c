"""`cabinet emulator` parses its flags and serves the Bot API and the web chat."""

from __future__ import annotations

import asyncio
import contextlib

import aiohttp

from cli.emulator import config_from
from cli.main import build_parser
from core.settings import Settings
from emulator.config import DEFAULT_TOKEN
from emulator.kit.ports import free_port
from emulator.server import serve


def test_flags_become_the_emulators_config() -> None:
    args = build_parser().parse_args(["emulator", "--port", "9000", "--no-flood-limits"])
    config = config_from(args, Settings(smtp_port=2525, staff_chat_id=-1009))
    assert (config.host, config.port, config.flood_limits) == ("127.0.0.1", 9000, False)
    assert (config.smtp_port, config.staff_chat_id, config.token) == (2525, -1009, None)
    defaults = config_from(build_parser().parse_args(["emulator", "--smtp-port", "0"]), Settings())
    assert (defaults.port, defaults.flood_limits, defaults.smtp_port) == (8081, True, 0)


async def test_serve_answers_on_its_port() -> None:
    port = free_port()
    args = build_parser().parse_args(["emulator", "--port", str(port), "--smtp-port", "0"])
    ready = asyncio.Event()
    server = asyncio.create_task(serve(config_from(args, Settings()), ready))
    try:
        await asyncio.wait_for(ready.wait(), 10)
        async with (
            aiohttp.ClientSession() as http,
            http.get(f"http://127.0.0.1:{port}/bot{DEFAULT_TOKEN}/getMe") as response,
        ):
            body = await response.json()
        assert body["ok"] is True and body["result"]["id"] == int(DEFAULT_TOKEN.split(":")[0])
    finally:
        server.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await server
