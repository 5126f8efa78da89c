"""`bot/inline_filters.py` rewrites aiogram's `FilterObject`s in place. It relies on aiogram's
internals, so these tests say plainly which of them an aiogram upgrade changed: the patch must
then be re-checked (or dropped, when aiogram no longer hops to a thread) before the pin in
pyproject.toml moves."""

from __future__ import annotations

import asyncio
import dataclasses
import inspect
from collections.abc import Awaitable, Callable, Iterator
from datetime import UTC, datetime
from typing import Any

import aiogram
import pytest
from aiogram import Bot, Dispatcher, F, Router
from aiogram.dispatcher.event import handler as aiogram_handler
from aiogram.dispatcher.event.bases import UNHANDLED
from aiogram.dispatcher.event.handler import CallableObject, FilterObject, HandlerObject
from aiogram.dispatcher.event.telegram import TelegramEventObserver
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import Chat, Message, Update, User

from bot.inline_filters import run_filters_inline

PATCH = "bot/inline_filters.py"


def relied_on(holds: bool, what: str) -> None:
    if not holds:
        pytest.fail(
            f"aiogram {aiogram.__version__} changed what {PATCH} relies on: {what}. "
            f"Re-check the patch against this aiogram before moving the pin in pyproject.toml.",
            pytrace=False,
        )


def test_the_internals_the_patch_walks_and_rewrites_are_there() -> None:
    router = Router()
    relied_on(
        isinstance(getattr(router, "observers", None), dict)
        and all(isinstance(o, TelegramEventObserver) for o in router.observers.values()),
        "Router.observers is a dict of TelegramEventObserver",
    )
    relied_on(isinstance(getattr(router, "sub_routers", None), list), "Router.sub_routers (list)")
    observer = router.message
    relied_on(
        isinstance(getattr(observer, "_handler", None), HandlerObject),
        "TelegramEventObserver._handler is the HandlerObject holding the observer's own filters",
    )
    relied_on(
        isinstance(getattr(observer, "handlers", None), list),
        "TelegramEventObserver.handlers is a list of HandlerObject",
    )
    handler_fields = {f.name for f in dataclasses.fields(HandlerObject)}
    relied_on("filters" in handler_fields, "HandlerObject.filters (a list of FilterObject or None)")
    filter_fields = {f.name for f in dataclasses.fields(FilterObject)}
    relied_on(
        {"callback", "awaitable", "params", "varkw"} <= filter_fields,
        "FilterObject is a dataclass with callback, awaitable, params and varkw",
    )
    filter_object = FilterObject(sync_filter)
    try:
        filter_object.callback, filter_object.awaitable = async_filter, True
    except dataclasses.FrozenInstanceError:
        relied_on(False, "FilterObject's callback and awaitable may be assigned after construction")
    call = inspect.signature(CallableObject.call)
    relied_on(
        [p.kind for p in call.parameters.values()]
        == [
            inspect.Parameter.POSITIONAL_OR_KEYWORD,
            inspect.Parameter.VAR_POSITIONAL,
            inspect.Parameter.VAR_KEYWORD,
        ],
        f"CallableObject.call(self, *args, **kwargs) (now {call})",
    )
    relied_on(
        "_prepare_kwargs" in vars(CallableObject),
        "CallableObject._prepare_kwargs picks the kwargs by the params found at construction",
    )


def sync_filter(message: Message) -> bool:
    """A plain function taking only `message`: aiogram must keep passing just what it names."""
    return message.text is not None


async def async_filter(message: Message) -> bool:
    return True


async def waiting(message: Message) -> str:
    return "waiting"


async def matched(message: Message) -> str:
    return "matched"


class Steps(StatesGroup):
    waiting = State()


def filter_objects(router: Router) -> Iterator[FilterObject]:
    for observer in router.observers.values():
        for handler in [observer._handler, *observer.handlers]:
            yield from handler.filters or ()


def dispatcher_with_filters() -> tuple[Dispatcher, Router]:
    router = Router()
    router.message.filter(F.chat.type == "private")  # an observer's own filter
    router.message.register(waiting, Steps.waiting)  # a state: a sync callable
    router.message.register(matched, F.text == "привет", sync_filter, async_filter)
    dispatcher = Dispatcher()
    dispatcher.include_router(router)
    return dispatcher, router


def update(text: str) -> Update:
    user = User(id=7, is_bot=False, first_name="Анна")
    message = Message(
        message_id=1,
        date=datetime(2026, 12, 15, tzinfo=UTC),
        chat=Chat(id=7, type="private"),
        from_user=user,
        text=text,
    )
    return Update(update_id=1, message=message)


@pytest.fixture
def thread_hops(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Counts the filters aiogram runs through `asyncio.to_thread`."""
    hops: list[str] = []
    to_thread = asyncio.to_thread

    def counting(func: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Awaitable[Any]:
        hops.append(repr(func))
        return to_thread(func, *args, **kwargs)

    monkeypatch.setattr(aiogram_handler.asyncio, "to_thread", counting)
    return hops


async def test_without_the_patch_aiogram_runs_sync_filters_in_a_thread(
    thread_hops: list[str],
) -> None:
    dispatcher, _ = dispatcher_with_filters()
    bot = Bot("42:TEST")
    try:
        assert await dispatcher.feed_update(bot, update("привет")) == "matched"
    finally:
        await bot.session.close()
    relied_on(
        bool(thread_hops),
        "aiogram no longer runs synchronous filters through asyncio.to_thread "
        f"(then {PATCH} is not needed any more: remove it)",
    )


async def test_with_the_patch_every_filter_runs_on_the_event_loop_and_still_decides(
    thread_hops: list[str],
) -> None:
    dispatcher, router = dispatcher_with_filters()
    run_filters_inline(dispatcher)
    relied_on(
        all(f.awaitable for f in filter_objects(router)),
        "after run_filters_inline every FilterObject is awaitable",
    )
    bot = Bot("42:TEST")
    try:
        assert await dispatcher.feed_update(bot, update("привет")) == "matched"
        assert await dispatcher.feed_update(bot, update("пока")) is UNHANDLED
    finally:
        await bot.session.close()
    relied_on(
        thread_hops == [],
        f"a patched filter still went through asyncio.to_thread: {thread_hops}",
    )
