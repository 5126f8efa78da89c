"""A dialog's step and its data saved together, before the bot answers."""

from __future__ import annotations

from typing import Any

from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State

from bot.dialog_redis_storage import DialogRedisStorage


async def save_step(state: FSMContext, step: State | None, data: dict[str, Any]) -> None:
    """The dialog's step and its data, saved before the bot answers (the database FSM storage
    writes both in one statement; a state set alone would be saved only after the answer, and so
    is a step that ends the dialog with no data, which loses nothing typed). Redis gets both in
    one round trip. `save_step(state, None, {})` is `state.clear()`."""
    if isinstance(state.storage, DialogRedisStorage):
        await state.storage.save_step(state.key, step, data)
        return
    await state.set_state(step)
    await state.set_data(data)
