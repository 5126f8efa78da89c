"""«Профиль»: the overview with its sections; each section's dialog is a module of this package."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot.filters.signed_in import SignedIn
from bot.handlers.onboarding import password_by_phone
from bot.handlers.profile import (
    accounts,
    email,
    fields,
    history,
    leaving,
    notifications,
    password,
    phone,
)
from bot.handlers.profile.keyboards import ProfileButton, ProfileScreen, overview_keyboard
from bot.handlers.profile.screens import overview_text, show
from core.cabinet import Cabinet
from core.users.views import UserView


async def open_section(
    message: Message, state: FSMContext, cabinet: Cabinet, user: UserView | None
) -> None:
    if user is None:  # the menu signs people in first; this only guards a direct call
        return
    profile = await cabinet.users.profile(user.id)
    await message.answer(overview_text(profile), reply_markup=overview_keyboard())


async def back_to_overview(
    query: CallbackQuery, state: FSMContext, cabinet: Cabinet, user: UserView
) -> None:
    await state.clear()
    profile = await cabinet.users.profile(user.id)
    await show(query, overview_text(profile), overview_keyboard())


def create_router() -> Router:
    router = Router(name="profile_section")
    # «Уведомления» after the signed-in screens and outside their filter, as it always was
    router.include_routers(_signed_in_router(), notifications.create_router())
    return router


def _signed_in_router() -> Router:
    router = Router(name="profile")
    router.callback_query.filter(SignedIn())
    router.message.filter(SignedIn())
    router.callback_query.register(
        back_to_overview, ProfileButton.filter(F.screen == ProfileScreen.OVERVIEW)
    )
    for section in (
        fields,
        password_by_phone,  # its state is one of «Изменить пароль»'s: before that one's hint
        password,
        email,
        phone,
        history,
        accounts,
        leaving,
    ):
        router.include_router(section.create_router())
    return router
