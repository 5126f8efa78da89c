"""The kit on an emulator that runs in another process (`cabinet emulator`, `cabinet cluster
--local`): the same people, chat logs and faults, over its control API and event stream."""

from __future__ import annotations

import asyncio

import aiohttp

from emulator.config import DEFAULT_TOKEN
from emulator.kit.clients import GroupClient
from emulator.kit.harness import CONNECT_TIMEOUT, EmulatorHarness, KitError
from emulator.world import World


class RemoteEmulator(EmulatorHarness):
    """`async with RemoteEmulator("http://127.0.0.1:8081") as emu:` — no server of its own."""

    def __init__(self, base_url: str, *, token: str = DEFAULT_TOKEN) -> None:
        super().__init__(token=token)
        self.base_url = base_url.rstrip("/")

    async def __aenter__(self) -> RemoteEmulator:
        # Many customers at once: as many connections to the control API as they need.
        connector = aiohttp.TCPConnector(limit=0)
        self._http = aiohttp.ClientSession(connector=connector)
        self._events_task = asyncio.create_task(self._read_events())
        try:
            await asyncio.wait_for(self._connected.wait(), CONNECT_TIMEOUT)
        except TimeoutError:
            await self.__aexit__(None, None, None)
            raise KitError(f"the emulator's event stream at {self.base_url} did not open") from None
        staff_id = (await self.state()).get("staff_chat_id")
        if staff_id is not None:
            self.staff = GroupClient(self, int(staff_id))
        return self

    @property
    def world(self) -> World:
        raise KitError("the emulator runs in another process: its world is not at hand")
