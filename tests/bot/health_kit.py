"""`/healthz` asked as a supervisor asks it, and waiting for what it says; a clock that breaks."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

import aiohttp
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from bot.web.health import setup_health
from core.clock import Clock
from core.health import Heartbeats
from storage.uow import UnitOfWorkFactory

T = TypeVar("T")


async def eventually(check: Callable[[], Awaitable[T | None]], within: float = 10.0) -> T:
    """Calls `check` until it returns something other than None (or False); returns that."""
    deadline = asyncio.get_running_loop().time() + within
    while True:
        result = await check()
        if result is not None and result is not False:
            return result
        assert asyncio.get_running_loop().time() < deadline, f"not within {within} s"
        await asyncio.sleep(0.02)


@dataclass
class Health:
    http: aiohttp.ClientSession
    url: str

    async def now(self) -> tuple[int, dict[str, Any]]:
        async with self.http.get(self.url) as response:
            return response.status, await response.json()

    async def until(self, status: int, naming: str | None = None) -> dict[str, Any]:
        """The body once `/healthz` answers `status` (with the task `naming` among its tasks)."""

        async def answered() -> dict[str, Any] | None:
            try:
                seen, body = await self.now()
            except aiohttp.ClientConnectionError:  # the web app is not up yet
                return None
            if seen != status or (naming is not None and naming not in body.get("tasks", {})):
                return None
            return body

        return await eventually(answered)


@contextlib.asynccontextmanager
async def serving_health(
    uow_factory: UnitOfWorkFactory, heartbeats: Heartbeats
) -> AsyncIterator[Health]:
    """`/healthz` alone in a web app of its own, as `cabinet run` wires it."""
    app = web.Application()
    setup_health(app, uow_factory, heartbeats)
    async with TestClient(TestServer(app)) as client:
        yield Health(client.session, str(client.make_url("/healthz")))


class TroubledClock:
    """A clock whose first `failures` readings raise `error`: stands for any bug in a round of a
    background loop."""

    def __init__(self, clock: Clock, failures: int, error: Exception) -> None:
        self._clock = clock
        self._error = error
        self.failures = failures

    def now(self) -> datetime:
        if self.failures:
            self.failures -= 1
            raise self._error
        return self._clock.now()
