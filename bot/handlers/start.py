"""(Being built.)"""

from __future__ import annotations

from aiogram import Router
from aiogram.fsm.context import FSMContext
from aiogram.types import Message


async def ask_to_sign_in(message: Message, state: FSMContext) -> None:
    raise NotImplementedError


def create_router() -> Router:
    return Router(name="start")
