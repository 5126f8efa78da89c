"""aiogram runs each filter that is not a coroutine function in a worker thread
(`asyncio.to_thread`): the `F` magic filters, the FSM states, plain functions. Ours are cheap
checks of the update, and a thread hop per filter cost more than the filters themselves:
about ten hops per update, each waiting for the GIL behind the event loop.

This rewrites aiogram's `FilterObject`s in place, so it leans on aiogram's internals:
`tests/bot/test_inline_filters.py` names each one and fails plainly when an upgrade changes it,
and pyproject.toml keeps aiogram within 3.31.x until that test passes on a newer one."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from aiogram import Router
from aiogram.dispatcher.event.handler import FilterObject


def run_filters_inline(router: Router) -> None:
    """Makes every synchronous filter of `router` and the routers under it run on the event
    loop. Call it once the routers are included."""
    for filter_object in _filters(router):
        if not filter_object.awaitable:
            filter_object.callback = _as_coroutine(filter_object.callback)
            filter_object.awaitable = True


def _filters(router: Router) -> Iterator[FilterObject]:
    for observer in router.observers.values():
        for handler in [observer._handler, *observer.handlers]:
            yield from handler.filters or ()
    for sub_router in router.sub_routers:
        yield from _filters(sub_router)


def _as_coroutine(check: Callable[..., Any]) -> Callable[..., Any]:
    async def inline(*args: Any, **kwargs: Any) -> Any:
        return check(*args, **kwargs)

    return inline
