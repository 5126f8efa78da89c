"""Writes that ride with the transaction marking an update handled.

The update inbox opens a `DeferredWrites` around the handling of each update (`deferring`). A
store whose writes belong to the update, the dialog's step (`storage/fsm_storage.py`), hands
them over instead of committing a transaction of its own, and the inbox runs them in the
transaction that marks the update handled: the step and the update's mark are written together
or not at all, and an update costs one transaction less. An update put back (an outage), or one
whose mark is lost, runs again from the step it started in: the writes are dropped, and whoever
handed them over hears of it (`on_lost`) to forget what it remembered.

Outside the inbox (a test feeding the dispatcher, a command) nothing is deferred.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from sqlalchemy.ext.asyncio import AsyncSession

Write = Callable[[AsyncSession], Awaitable[None]]

_current: ContextVar[DeferredWrites | None] = ContextVar("deferred_writes", default=None)


class DeferredWrites:
    def __init__(self) -> None:
        # By what they write (a later one replaces), each with whom to tell if it is dropped.
        self._writes: dict[str, tuple[Write, Callable[[], None]]] = {}
        self.open = True  # closed once run or dropped: a late caller writes for itself

    def add(self, key: str, write: Write, on_lost: Callable[[], None]) -> None:
        if not self.open:
            raise RuntimeError("the update's writes were already run or dropped")
        self._writes[key] = (write, on_lost)

    def __bool__(self) -> bool:
        return bool(self._writes)

    async def run(self, session: AsyncSession) -> None:
        """Runs the writes in the caller's transaction (committed by the caller)."""
        self.open = False
        for write, _on_lost in self._writes.values():
            await write(session)

    def lost(self) -> None:
        """The writes were not committed (dropped, or their transaction failed)."""
        self.open = False
        dropped, self._writes = self._writes, {}
        for _write, forget in dropped.values():
            forget()


def current() -> DeferredWrites | None:
    """The update's writes being gathered here, if they still are."""
    writes = _current.get()
    return writes if writes is not None and writes.open else None


@contextmanager
def deferring(writes: DeferredWrites) -> Iterator[None]:
    token = _current.set(writes)
    try:
        yield
    finally:
        _current.reset(token)
