"""«Забыли пароль?»: the e-mail, a code mailed to it, a new password (its message deleted at
once), and the customer is signed in. An unknown address gets the same answer and no letter."""

from __future__ import annotations

from aiogram import F, Router, html
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext as _

from bot.errors_text import error_text
from bot.filters.button_text import NotMenuButton
from bot.formatting import local_datetime
from bot.fsm.dialog_data import DialogDataLost
from bot.fsm.onboarding import AFTER_CONSENT, Onboarding, load, remember
from bot.handlers.onboarding.keyboards import (
    OnboardingAction,
    OnboardingCallback,
    resend_reset_code_keyboard,
)
from bot.handlers.onboarding.sign_in_password import delete_secret
from bot.handlers.onboarding.welcome import letter_language, message_login, welcome_signed_in
from core.cabinet import Cabinet
from core.enums import CodePurpose
from core.mail.errors import MailNotSent
from core.users.errors import (
    CodeAttemptsExhausted,
    CodeExpired,
    CodeNotRequested,
    CodeResendTooSoon,
    CodeWrong,
    WeakPassword,
)
from core.users.sign_in_input import InvalidCodeFormat, clean_code
from core.users.views import CodeSentView
from core.validation.email import normalize_email
from core.validation.errors import InvalidEmail


async def forgot_password(query: CallbackQuery, state: FSMContext, cabinet: Cabinet) -> None:
    if await state.get_state() not in {s.state for s in AFTER_CONSENT} or not isinstance(
        query.message, Message
    ):
        await query.answer(_("fallback.stale_button"), show_alert=True)
        return
    await query.answer()
    login = (await load(state)).login
    if login is not None and "@" in login:  # the address was typed as the login already
        await mail_reset_code(query.message, state, cabinet, login)
        return
    await state.set_state(Onboarding.reset_email)
    await remember(state, reset_by_phone=True)  # or their own contact, for a phone
    await query.message.answer(_("start.ask_reset_email_or_phone"))


async def reset_email_given(message: Message, state: FSMContext, cabinet: Cabinet) -> None:
    try:
        address = normalize_email(message.text or "")
    except InvalidEmail:
        await message.answer(_("start.email_invalid"))
        return
    await mail_reset_code(message, state, cabinet, address)


async def mail_reset_code(
    message: Message, state: FSMContext, cabinet: Cabinet, address: str
) -> None:
    await remember(state, reset_email=address)
    try:
        sent = await cabinet.users.request_email_code(
            address, CodePurpose.PASSWORD_RESET, letter_language()
        )
    except CodeResendTooSoon as error:  # the code mailed a moment ago is still good
        await state.set_state(Onboarding.reset_code)
        await message.answer(error_text(error, cabinet.settings.tz))
        return
    except MailNotSent as error:
        await message.answer(error_text(error, cabinet.settings.tz))
        return
    await state.set_state(Onboarding.reset_code)
    await message.answer(
        reset_code_sent_text(sent, cabinet), reply_markup=resend_reset_code_keyboard()
    )


def reset_code_sent_text(sent: CodeSentView, cabinet: Cabinet) -> str:
    return _("start.reset_code_sent").format(
        email=html.quote(sent.email), until=local_datetime(sent.expires_at, cabinet.settings.tz)
    )


async def reset_code_given(message: Message, state: FSMContext, cabinet: Cabinet) -> None:
    """The code is checked together with the new password, so a weak one does not spend it."""
    try:
        code = clean_code(message.text or "")
    except InvalidCodeFormat as error:
        await message.answer(error_text(error, cabinet.settings.tz))
        return
    await remember(state, reset_code=code)
    await state.set_state(Onboarding.new_password)
    await message.answer(_("start.ask_new_password"))


async def new_password_given(message: Message, state: FSMContext, cabinet: Cabinet) -> None:
    await delete_secret(message)
    dialog = await load(state)
    address, code = dialog.reset_email, dialog.reset_code
    if address is None or code is None:
        raise DialogDataLost("no address or code in the new password's step")
    try:
        signed = await cabinet.users.reset_password(
            message_login(message), address, code, message.text or ""
        )
    except WeakPassword as error:
        await message.answer(error_text(error, cabinet.settings.tz))
        return
    except CodeWrong as error:
        await state.set_state(Onboarding.reset_code)
        await message.answer(error_text(error, cabinet.settings.tz))
        return
    except (CodeExpired, CodeAttemptsExhausted, CodeNotRequested) as error:  # a new code helps
        await state.set_state(Onboarding.reset_code)
        await message.answer(
            error_text(error, cabinet.settings.tz), reply_markup=resend_reset_code_keyboard()
        )
        return
    await welcome_signed_in(message, state, cabinet, signed)


async def resend_reset_code(query: CallbackQuery, state: FSMContext, cabinet: Cabinet) -> None:
    address = (await load(state)).reset_email
    current = await state.get_state()
    in_reset = current in {Onboarding.reset_code.state, Onboarding.new_password.state}
    if not in_reset or address is None or not isinstance(query.message, Message):
        await query.answer(_("fallback.stale_button"), show_alert=True)
        return
    try:
        sent = await cabinet.users.request_email_code(
            address, CodePurpose.PASSWORD_RESET, letter_language()
        )
    except (CodeResendTooSoon, MailNotSent) as error:
        await query.answer(error_text(error, cabinet.settings.tz), show_alert=True)
        return
    await query.answer()
    await state.set_state(Onboarding.reset_code)
    await query.message.answer(
        reset_code_sent_text(sent, cabinet), reply_markup=resend_reset_code_keyboard()
    )


def create_router() -> Router:
    router = Router(name="sign_in_reset")
    router.callback_query.register(
        forgot_password, OnboardingCallback.filter(F.action == OnboardingAction.FORGOT_PASSWORD)
    )
    router.callback_query.register(
        resend_reset_code,
        OnboardingCallback.filter(F.action == OnboardingAction.RESEND_RESET_CODE),
    )
    router.message.register(reset_email_given, Onboarding.reset_email, F.text, NotMenuButton())
    router.message.register(reset_code_given, Onboarding.reset_code, F.text, NotMenuButton())
    router.message.register(new_password_given, Onboarding.new_password, F.text, NotMenuButton())
    return router
