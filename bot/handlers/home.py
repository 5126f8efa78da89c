"""(Being built.)"""

from __future__ import annotations

from aiogram import Router
from aiogram.fsm.context import FSMContext
from aiogram.types import Message

from core.cabinet import Cabinet
from core.users.views import UserView


async def open_home(
    message: Message, state: FSMContext, cabinet: Cabinet, user: UserView | None
) -> None:
    raise NotImplementedError


def create_router() -> Router:
    return Router(name="home")
