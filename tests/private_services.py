"""A Redis server of the test's own (`cabinet cluster --local`'s `PrivateRedis`), that the test
may kill and start again on the same port: the machine's shared Redis stays up for everyone."""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from cli.children import Child
from cli.local_services import PrivateRedis
from emulator.kit.ports import free_port
from tests.conftest import ON_CI


class StoppableRedis:
    def __init__(self, folder: Path) -> None:
        self._redis = PrivateRedis(folder, free_port(), folder)
        self._child: Child | None = None

    @property
    def url(self) -> str:
        return self._redis.url

    async def start(self) -> None:
        self._child = await self._redis.start()

    async def kill(self) -> None:
        if self._child is not None and self._child.running:
            self._child.process.kill()
            await self._child.process.wait()


@contextlib.asynccontextmanager
async def private_redis() -> AsyncIterator[StoppableRedis]:
    if shutil.which("redis-server") is None:
        if ON_CI:
            pytest.fail("redis-server is not installed; CI must install it")
        pytest.skip("redis-server is not installed")
    with tempfile.TemporaryDirectory() as folder:
        redis = StoppableRedis(Path(folder))
        await redis.start()
        try:
            yield redis
        finally:
            await redis.kill()
