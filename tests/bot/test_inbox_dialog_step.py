"""A dialog's step is saved with the update that made it, in the transaction that marks the
update handled (storage/deferred_writes.py): on SQLite and PostgreSQL, through a real dispatcher
and the database FSM storage, an update put back by an outage is handled again from the step it
started in, and a step is found by a new process the moment its update is handled."""

from __future__ import annotations

import asyncio

from aiogram import Bot, Dispatcher, F, Router
from aiogram.fsm.context import FSMContext
from aiogram.fsm.storage.base import StorageKey
from aiogram.types import Message
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.inbox import dispatcher_feed
from bot.inbox.store import InboxStore
from bot.inbox.worker import InboxConfig, InboxWorker
from bot.state_storage import build_state_storage
from core.clock import SystemClock
from storage.database import create_session_factory
from storage.uow import unit_of_work_factory
from tests.bot.test_inbox_store import ANNA, LEASE, message
from tests.bot.test_inbox_worker import rows

BOT_ID = 42
FAST = InboxConfig(lease=LEASE, recovery_seconds=0.01, max_backoff_seconds=0.05)
SECOND, THIRD = "Steps:second", "Steps:third"


class Steps:
    """A two-step dialog whose handler can be told to meet an outage after its step is set."""

    def __init__(self) -> None:
        self.seen: list[str | None] = []  # the step each handling started from
        self.outages = 0

    def router(self) -> Router:
        router = Router()

        @router.message(F.text == "дальше")
        async def step(_message: Message, state: FSMContext) -> None:
            before = await state.get_state()
            self.seen.append(before)
            await state.set_state(SECOND if before is None else THIRD)
            await state.set_data({"steps": len(self.seen)})
            if self.outages:
                self.outages -= 1
                raise OperationalError("SELECT 1", {}, ConnectionRefusedError())

        return router


async def step_in_a_new_process(engine: AsyncEngine) -> str | None:
    """The chat's step as a process that starts now reads it from the database."""
    storage, _isolation = build_state_storage(None, create_session_factory(engine))
    return await storage.get_state(StorageKey(bot_id=BOT_ID, chat_id=ANNA, user_id=ANNA))


async def test_a_step_is_saved_with_its_update_and_not_by_one_put_back(
    any_engine: AsyncEngine,
) -> None:
    steps = Steps()
    session_factory = create_session_factory(any_engine)
    uow_factory = unit_of_work_factory(session_factory)  # the inbox and the steps: one database
    storage, isolation = build_state_storage(None, session_factory)
    dispatcher = Dispatcher(storage=storage, events_isolation=isolation)
    dispatcher.include_router(steps.router())
    bot = Bot(f"{BOT_ID}:never-called")  # the handler calls no Bot API method
    store = InboxStore(uow_factory, SystemClock(), LEASE)
    worker = InboxWorker(store, dispatcher_feed(dispatcher, bot), FAST)
    try:
        async with worker.running():
            steps.outages = 1
            worker.take(await store.keep([message(1, ANNA, "дальше")]))
            await asyncio.wait_for(worker.idle(), 5)
            assert steps.seen == [None]
            assert (await rows(uow_factory))[1]["handled_at"] is None  # put back
            assert await step_in_a_new_process(any_engine) is None  # its step was not saved

            for _ in range(1000):  # taken again once the put-back delay (3 s) is over
                if (await rows(uow_factory))[1]["handled_at"] is not None:
                    break
                await asyncio.sleep(0.01)
            assert steps.seen == [None, None]  # from the step it started in, not the next
            assert await step_in_a_new_process(any_engine) == SECOND

            worker.take(await store.keep([message(2, ANNA, "дальше")]))
            await asyncio.wait_for(worker.idle(), 5)
            assert steps.seen == [None, None, SECOND]
            assert await step_in_a_new_process(any_engine) == THIRD
    finally:
        await bot.session.close()
