"""`async with EmulatorHarness() as emu:` — the emulator in-process on a free port, its event
stream feeding per-chat logs, people to act as, and a real aiogram bot polling it."""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import replace
from typing import Any

import aiohttp
from aiogram import Bot, Dispatcher
from aiogram.client.default import DefaultBotProperties
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiohttp import web

from emulator.botapi import WORLD_KEY
from emulator.clock import Clock
from emulator.config import DEFAULT_TOKEN, EmulatorConfig
from emulator.kit.chatlog import ChatLog, ExpectationFailed
from emulator.kit.clients import GroupClient, UserClient
from emulator.kit.sandbox import SandboxClient
from emulator.kit.session import LoopbackSession
from emulator.server import create_app
from emulator.world import World

CONNECT_TIMEOUT = 5.0


class KitError(RuntimeError):
    """The control API refused an action (the message says why)."""


class EmulatorHarness:
    def __init__(
        self,
        *,
        token: str = DEFAULT_TOKEN,
        flood_limits: bool = False,
        clock: Clock | None = None,
        monotonic: Callable[[], float] = time.monotonic,
        config: EmulatorConfig | None = None,
    ) -> None:
        base = config or EmulatorConfig(smtp_port=0)
        self.config = replace(base, token=token, flood_limits=flood_limits, port=0)
        self.token = token
        self._clock = clock
        self._monotonic = monotonic
        self._logs: dict[int, ChatLog] = {}
        self._connected = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self._http: aiohttp.ClientSession | None = None
        self._events_task: asyncio.Task[None] | None = None
        self.base_url = ""
        self.staff: GroupClient
        self.sandbox = SandboxClient(self)  # the payment sandbox (emulator/kit/sandbox.py)

    # --- lifecycle -----------------------------------------------------------------------
    async def __aenter__(self) -> EmulatorHarness:
        app = create_app(self.config, clock=self._clock, monotonic=self._monotonic)
        self.app = app
        self._runner = web.AppRunner(app, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = self._runner.addresses[0][1]
        self.base_url = f"http://127.0.0.1:{port}"
        self._http = aiohttp.ClientSession()
        self._events_task = asyncio.create_task(self._read_events())
        try:
            await asyncio.wait_for(self._connected.wait(), CONNECT_TIMEOUT)
        except TimeoutError:
            await self.__aexit__(None, None, None)
            raise KitError("the emulator's event stream did not open") from None
        staff_id = self.world.staff_chat_id
        if staff_id is not None:
            self.staff = GroupClient(self, staff_id)
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        try:
            if self._events_task is not None:
                self._events_task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await self._events_task
        finally:
            try:
                if self._http is not None:
                    await self._http.close()
            finally:
                if self._runner is not None:
                    await self._runner.cleanup()

    async def _read_events(self) -> None:
        assert self._http is not None
        async with self._http.get(
            f"{self.base_url}/_emu/events", timeout=aiohttp.ClientTimeout(total=None)
        ) as response:
            buffer = b""
            async for chunk in response.content.iter_any():
                buffer += chunk
                while b"\n\n" in buffer:
                    frame, buffer = buffer.split(b"\n\n", 1)
                    await self._dispatch(frame)

    async def _dispatch(self, frame: bytes) -> None:
        data = b"".join(
            line.removeprefix(b"data: ")
            for line in frame.split(b"\n")
            if line.startswith(b"data: ")
        )
        if not data:
            return
        event = json.loads(data)
        if event.get("type") == "hello":
            self._connected.set()
        elif "chat_id" in event:
            await self.chat_log(int(event["chat_id"])).apply(event)

    # --- the world -----------------------------------------------------------------------
    @property
    def api_base(self) -> str:
        """For `TelegramAPIServer.from_base`."""
        return self.base_url

    @property
    def world(self) -> World:
        """The world itself, for tests of the emulator."""
        return self.app[WORLD_KEY]

    @property
    def staff_chat_id(self) -> int:
        return self.staff.chat_id

    def chat_log(self, chat_id: int) -> ChatLog:
        return self._logs.setdefault(chat_id, ChatLog(chat_id))

    async def control(self, method: str, path: str, **kwargs: Any) -> Any:
        assert self._http is not None
        async with self._http.request(method, self.base_url + path, **kwargs) as response:
            body = await response.json()
        if not body.get("ok"):
            raise KitError(f"{method} {path}: {body.get('error')}")
        return body["result"]

    async def state(self) -> dict[str, Any]:
        result: dict[str, Any] = await self.control("GET", "/_emu/state")
        return result

    async def set_flood_limits(self, on: bool) -> None:
        await self.control("POST", "/_emu/settings", json={"flood_limits": on})

    async def inject_fault(
        self,
        status: int,
        *,
        method: str | None = "sendMessage",
        chat_id: int | None = None,
        times: int = 1,
        retry_after: int = 1,
        delay: float = 0.0,
        description: str | None = None,
    ) -> None:
        """The next `times` matching Bot API calls answer `status` (see emulator/faults.py)."""
        fault: dict[str, Any] = {"status": status, "method": method, "times": times}
        fault.update(retry_after=retry_after, delay=delay, description=description)
        if chat_id is not None:
            fault["chat_id"] = chat_id
        await self.control("POST", "/_emu/faults", json=fault)

    async def answered_statuses(self) -> dict[int, int]:
        """How many Bot API calls the emulator answered with each HTTP status so far."""
        faults = await self.control("GET", "/_emu/faults")
        return {int(status): count for status, count in faults["answered"].items()}

    async def calls_by_method(self) -> dict[str, int]:
        """How many Bot API calls the emulator answered so far, by method (lower case)."""
        faults = await self.control("GET", "/_emu/faults")
        return {str(method): int(count) for method, count in faults["methods"].items()}

    async def new_user(
        self,
        first_name: str = "Иван",
        phone: str | None = None,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str = "ru",
    ) -> UserClient:
        body = {
            "first_name": first_name,
            "last_name": last_name,
            "username": username,
            "language_code": language_code,
            "phone_number": phone,
        }
        user = await self.control("POST", "/_emu/users", json=body)
        return UserClient(self, user)

    # --- a bot ---------------------------------------------------------------------------
    def make_bot(self) -> Bot:
        session = LoopbackSession(api=TelegramAPIServer.from_base(self.api_base))
        return Bot(
            self.token, session=session, default=DefaultBotProperties(parse_mode=ParseMode.HTML)
        )

    @contextlib.asynccontextmanager
    async def run_bot(self, dispatcher: Dispatcher, **kwargs: Any) -> AsyncIterator[Bot]:
        """Polls the emulator with `dispatcher` in the background for the block's duration;
        `kwargs` go to `start_polling` (workflow data such as services)."""
        bot = self.make_bot()
        kwargs.setdefault("polling_timeout", 30)
        polling = asyncio.create_task(dispatcher.start_polling(bot, handle_signals=False, **kwargs))
        try:
            yield bot
        finally:
            if polling.done():
                polling.result()  # a crashed polling loop fails the test with its own error
            else:
                await dispatcher.stop_polling()
                await polling
            # Updates still being handled finish before the test's database goes: a handler
            # cancelled with the event loop leaves its PostgreSQL connection unclosed.
            handling = set(dispatcher._handle_update_tasks)  # aiogram has no public way
            if handling:
                await asyncio.wait(handling, timeout=10)


__all__ = ["EmulatorHarness", "ExpectationFailed", "KitError"]
