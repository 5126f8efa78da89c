"""«Основная анкета» and «Контактная информация»: a button per field, then its new value.

Every rule of what a value may be lives in `cabinet.users.update_profile`; a refused value is
explained with its error's text and the field is asked for again.
"""

from __future__ import annotations

from aiogram import F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext as _

from bot.errors_text import error_text
from bot.fsm.profile import FIELD_EDIT, FieldEdit, ProfileEdit
from bot.handlers.common.dialog import hint
from bot.handlers.profile.keyboards import (
    FieldAction,
    FieldButton,
    ProfileButton,
    field_label,
    field_prompt_keyboard,
)
from bot.handlers.profile.screens import (
    FIELD_SECTIONS,
    section_keyboard,
    section_of,
    section_text,
    show,
    shown_value,
)
from core.cabinet import Cabinet
from core.errors import CabinetError
from core.users.views import UserView


async def open_section(
    query: CallbackQuery,
    callback_data: ProfileButton,
    state: FSMContext,
    cabinet: Cabinet,
    user: UserView,
) -> None:
    await state.clear()
    profile = await cabinet.users.profile(user.id)
    section = callback_data.screen
    await show(
        query, section_text(profile, section, cabinet.settings.tz), section_keyboard(section)
    )


async def ask_for_value(
    query: CallbackQuery,
    callback_data: FieldButton,
    state: FSMContext,
    cabinet: Cabinet,
    user: UserView,
) -> None:
    field = callback_data.field
    profile = await cabinet.users.profile(user.id)
    await FIELD_EDIT.save(state, ProfileEdit.field_value, FieldEdit(field))
    prompt = _("profile.field_prompt").format(
        field=field_label(field),
        current=shown_value(profile, field, cabinet.settings.tz),
        example=_(f"profile.example_{field.value}"),
    )
    if query.message is not None:
        await query.message.answer(
            prompt, reply_markup=field_prompt_keyboard(field, section_of(field))
        )
    await query.answer()


async def value_received(
    message: Message, state: FSMContext, cabinet: Cabinet, user: UserView
) -> None:
    field = (await FIELD_EDIT.load(state)).field
    try:
        profile = await cabinet.users.update_profile(user.id, {field: message.text or ""})
    except CabinetError as refused:
        await message.answer(
            _("profile.value_refused").format(reason=error_text(refused, cabinet.settings.tz))
        )
        return
    await state.clear()
    section = section_of(field)
    await message.answer(_("profile.value_saved").format(field=field_label(field)))
    await message.answer(
        section_text(profile, section, cabinet.settings.tz), reply_markup=section_keyboard(section)
    )


value_not_text = hint("profile.value_expects_text")


async def clear_value(
    query: CallbackQuery,
    callback_data: FieldButton,
    state: FSMContext,
    cabinet: Cabinet,
    user: UserView,
) -> None:
    field = callback_data.field
    try:
        profile = await cabinet.users.update_profile(user.id, {field: None})
    except CabinetError as refused:
        await query.answer(error_text(refused, cabinet.settings.tz), show_alert=True)
        return
    await state.clear()
    section = section_of(field)
    await show(
        query, section_text(profile, section, cabinet.settings.tz), section_keyboard(section)
    )


def create_router() -> Router:
    router = Router(name="profile_fields")
    sections = list(FIELD_SECTIONS)
    router.callback_query.register(open_section, ProfileButton.filter(F.screen.in_(sections)))
    router.callback_query.register(ask_for_value, FieldButton.filter(F.action == FieldAction.EDIT))
    router.callback_query.register(clear_value, FieldButton.filter(F.action == FieldAction.CLEAR))
    router.message.register(value_received, ProfileEdit.field_value, F.text)
    router.message.register(value_not_text, ProfileEdit.field_value)
    return router
