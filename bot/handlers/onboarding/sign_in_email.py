"""«Войти по e-mail»: the address, a 6-digit code mailed to it, signed in (a new address
registers). The code's expiry is shown; «Отправить код ещё раз» honours the re-send pause."""

from __future__ import annotations

from aiogram import F, Router, html
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext as _

from bot.errors_text import error_text
from bot.filters.button_text import NotMenuButton
from bot.formatting import local_datetime
from bot.fsm.dialog_data import DialogDataLost
from bot.fsm.onboarding import Onboarding, load, remember
from bot.handlers.onboarding.keyboards import (
    OnboardingAction,
    OnboardingCallback,
    resend_code_keyboard,
)
from bot.handlers.onboarding.welcome import (
    letter_language,
    message_login,
    welcome_signed_in,
)
from core.cabinet import Cabinet
from core.enums import CodePurpose
from core.mail.errors import MailNotSent
from core.users.errors import (
    CodeAttemptsExhausted,
    CodeExpired,
    CodeNotRequested,
    CodeResendTooSoon,
    CodeWrong,
)
from core.users.sign_in_input import InvalidCodeFormat, clean_code
from core.users.views import CodeSentView
from core.validation.email import normalize_email
from core.validation.errors import InvalidEmail


async def ask_email(message: Message, state: FSMContext) -> None:
    await state.set_state(Onboarding.email)
    await message.answer(_("start.ask_email"))


async def email_given(message: Message, state: FSMContext, cabinet: Cabinet) -> None:
    try:
        address = normalize_email(message.text or "")
    except InvalidEmail:
        await message.answer(_("start.email_invalid"))
        return
    await remember(state, email=address)
    await mail_code(message, state, cabinet, address)


async def mail_code(message: Message, state: FSMContext, cabinet: Cabinet, address: str) -> None:
    """A code that went out less than a minute ago is still good: the step moves on either way."""
    try:
        sent = await cabinet.users.request_email_code(
            address, CodePurpose.EMAIL_SIGN_IN, letter_language()
        )
    except CodeResendTooSoon as error:
        await state.set_state(Onboarding.email_code)
        await message.answer(error_text(error, cabinet.settings.tz))
        return
    except MailNotSent as error:
        await message.answer(error_text(error, cabinet.settings.tz))
        return
    await state.set_state(Onboarding.email_code)
    await message.answer(code_sent_text(sent, cabinet), reply_markup=resend_code_keyboard())


def code_sent_text(sent: CodeSentView, cabinet: Cabinet) -> str:
    return _("start.code_sent").format(
        email=html.quote(sent.email), until=local_datetime(sent.expires_at, cabinet.settings.tz)
    )


async def code_given(message: Message, state: FSMContext, cabinet: Cabinet) -> None:
    address = (await load(state)).email
    if address is None:
        raise DialogDataLost("no address in the sign-in code's step")
    try:
        code = clean_code(message.text or "")
        signed = await cabinet.users.sign_in_by_email_code(message_login(message), address, code)
    except (InvalidCodeFormat, CodeWrong) as error:
        await message.answer(error_text(error, cabinet.settings.tz))
        return
    except (CodeExpired, CodeAttemptsExhausted, CodeNotRequested) as error:  # a new code helps
        await message.answer(
            error_text(error, cabinet.settings.tz), reply_markup=resend_code_keyboard()
        )
        return
    await welcome_signed_in(message, state, cabinet, signed)


async def resend_code(query: CallbackQuery, state: FSMContext, cabinet: Cabinet) -> None:
    address = (await load(state)).email
    if await state.get_state() != Onboarding.email_code.state or address is None:
        await query.answer(_("fallback.stale_button"), show_alert=True)
        return
    try:
        sent = await cabinet.users.request_email_code(
            address, CodePurpose.EMAIL_SIGN_IN, letter_language()
        )
    except (CodeResendTooSoon, MailNotSent) as error:
        await query.answer(error_text(error, cabinet.settings.tz), show_alert=True)
        return
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.answer(
            code_sent_text(sent, cabinet), reply_markup=resend_code_keyboard()
        )


def create_router() -> Router:
    router = Router(name="sign_in_email")
    router.message.register(email_given, Onboarding.email, F.text, NotMenuButton())
    router.message.register(code_given, Onboarding.email_code, F.text, NotMenuButton())
    router.callback_query.register(
        resend_code, OnboardingCallback.filter(F.action == OnboardingAction.RESEND_CODE)
    )
    return router
