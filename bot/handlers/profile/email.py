"""«Изменить e-mail»: the new address, then the code mailed to it to prove it is the user's."""

from __future__ import annotations

from aiogram import F, Router, html
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext as _

from bot.errors_text import error_text
from bot.fsm.dialog_data import DialogDataLost
from bot.fsm.profile import EMAIL_CHANGE, EmailChange, EmailDialog
from bot.handlers.common.dialog import hint
from bot.handlers.profile.keyboards import (
    ProfileButton,
    ProfileScreen,
    back_to,
    email_code_keyboard,
)
from bot.handlers.profile.screens import show
from core.cabinet import Cabinet
from core.errors import CabinetError
from core.users.views import UserView


async def ask_for_address(
    query: CallbackQuery, state: FSMContext, cabinet: Cabinet, user: UserView
) -> None:
    await state.clear()
    await state.set_state(EmailChange.new_email)
    current = html.quote(user.email) if user.email else _("profile.value_empty")
    await show(
        query, _("profile.email_ask").format(current=current), back_to(ProfileScreen.OVERVIEW)
    )


async def address_received(
    message: Message, state: FSMContext, cabinet: Cabinet, user: UserView
) -> None:
    try:
        sent = await cabinet.users.request_email_change(user.id, message.text or "")
    except CabinetError as refused:
        await message.answer(error_text(refused, cabinet.settings.tz))
        return
    await EMAIL_CHANGE.save(state, EmailChange.code, EmailDialog(sent.email))
    await message.answer(
        _("profile.email_code_sent").format(email=html.quote(sent.email)),
        reply_markup=email_code_keyboard(),
    )


async def resend_code(
    query: CallbackQuery, state: FSMContext, cabinet: Cabinet, user: UserView
) -> None:
    in_step = await state.get_state() == EmailChange.code.state
    email = (await EMAIL_CHANGE.load(state)).email if in_step else None
    if email is None:  # a stale button
        await ask_for_address(query, state, cabinet, user)
        return
    try:
        sent = await cabinet.users.request_email_change(user.id, email)
    except CabinetError as refused:
        await query.answer(error_text(refused, cabinet.settings.tz), show_alert=True)
        return
    await query.answer(_("profile.email_code_resent").format(email=sent.email), show_alert=True)


async def code_received(
    message: Message, state: FSMContext, cabinet: Cabinet, user: UserView
) -> None:
    email = (await EMAIL_CHANGE.load(state)).email
    if email is None:
        raise DialogDataLost("no address in the e-mail code's step")
    try:
        changed = await cabinet.users.confirm_email_change(
            user.id, email, (message.text or "").strip()
        )
    except CabinetError as refused:
        await message.answer(error_text(refused, cabinet.settings.tz))
        return
    await state.clear()
    await message.answer(
        _("profile.email_changed").format(email=html.quote(changed.email or email)),
        reply_markup=back_to(ProfileScreen.OVERVIEW),
    )


address_not_text = hint("profile.email_expects_address")
code_not_text = hint("profile.email_expects_code")


def create_router() -> Router:
    router = Router(name="profile_email")
    router.callback_query.register(
        ask_for_address, ProfileButton.filter(F.screen == ProfileScreen.EMAIL)
    )
    router.callback_query.register(
        resend_code, ProfileButton.filter(F.screen == ProfileScreen.EMAIL_RESEND)
    )
    router.message.register(address_received, StateFilter(EmailChange.new_email), F.text)
    router.message.register(address_not_text, StateFilter(EmailChange.new_email))
    router.message.register(code_received, StateFilter(EmailChange.code), F.text)
    router.message.register(code_not_text, StateFilter(EmailChange.code))
    return router
