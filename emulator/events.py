"""The emulator's event bus: what happens in the world, fanned out to SSE clients and the kit.

Publishing never blocks: every subscriber has its own unbounded queue, so a slow browser tab
cannot stall the Bot API. A listener calls `forget` with its queue when it is done.
"""

from __future__ import annotations

import asyncio
from contextlib import suppress
from typing import Any

from aiohttp import web

Event = dict[str, Any]
SHUTDOWN: Event = {"type": "shutdown"}


class EventBus:
    def __init__(self) -> None:
        self._queues: set[asyncio.Queue[Event]] = set()

    def publish(self, event: Event) -> None:
        for queue in self._queues:
            queue.put_nowait(event)

    def listen(self) -> asyncio.Queue[Event]:
        """A queue that receives every event from now on (call `forget` when done with it)."""
        queue: asyncio.Queue[Event] = asyncio.Queue()
        self._queues.add(queue)
        return queue

    def forget(self, queue: asyncio.Queue[Event]) -> None:
        with suppress(KeyError):
            self._queues.remove(queue)

    def close(self) -> None:
        """Ends every subscription (the server is shutting down)."""
        self.publish(SHUTDOWN)


EVENTS_KEY = web.AppKey("emulator_events", EventBus)
