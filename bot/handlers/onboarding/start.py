"""/start, /cancel and the consent to personal-data processing: the door to the cabinet.

The ways in live beside it (`sign_in_contact`, `sign_in_email`, `sign_in_password`,
`sign_in_reset`); their routers are included here, after the commands, so that /start and
/cancel win in every state, and the hints for unexpected input come last.
"""

from __future__ import annotations

from aiogram import F, Router, html
from aiogram.filters import Command, CommandStart, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message, ReplyKeyboardRemove
from aiogram.utils.i18n import gettext as _

from bot.filters.button_text import ButtonText
from bot.filters.private_chat import in_private_chat, pressed_in_private_chat
from bot.fsm.onboarding import AFTER_CONSENT, CODEC, Onboarding, OnboardingDialog, load
from bot.handlers.menu.keyboard import main_menu
from bot.handlers.onboarding import (
    hints,
    sign_in_contact,
    sign_in_email,
    sign_in_password,
    sign_in_reset,
)
from bot.handlers.onboarding.keyboards import (
    WAY_EMAIL,
    WAY_PASSWORD,
    OnboardingAction,
    OnboardingCallback,
    consent_keyboard,
    sign_in_keyboard,
    ways_in_keyboard,
)
from core.cabinet import Cabinet
from core.users.views import UserView

CONSENT_PATH = "/consent"


def consent_url(public_url: str) -> str:
    return public_url.rstrip("/") + CONSENT_PATH


async def start(
    message: Message, state: FSMContext, cabinet: Cabinet, user: UserView | None
) -> None:
    await state.clear()
    if user is not None:
        await message.answer(_("start.already_signed_in"), reply_markup=main_menu())
        return
    await message.answer(_("start.welcome"), reply_markup=ReplyKeyboardRemove())
    await ask_consent(message, state, cabinet)


async def ask_consent(message: Message, state: FSMContext, cabinet: Cabinet) -> None:
    await state.set_state(Onboarding.consent)
    url = html.quote(consent_url(cabinet.settings.public_url))
    await message.answer(_("start.consent").format(url=url), reply_markup=consent_keyboard())


async def ask_to_sign_in(message: Message, state: FSMContext) -> None:
    """For a section opened by someone not signed in: the ways in when consent was given in this
    dialog, else a button that starts with the consent (whose link needs the settings)."""
    if (await load(state)).consented:
        await state.set_state(Onboarding.choosing_way)
        await message.answer(_("start.sign_in_first_choose"), reply_markup=ways_in_keyboard())
        return
    await message.answer(_("start.sign_in_first"), reply_markup=sign_in_keyboard())


async def show_ways_in(message: Message, state: FSMContext) -> None:
    await state.set_state(Onboarding.choosing_way)
    await message.answer(_("start.choose_way"), reply_markup=ways_in_keyboard())


async def cancel(message: Message, state: FSMContext, user: UserView | None) -> None:
    await state.clear()
    if user is not None:
        await message.answer(_("start.cancelled"), reply_markup=main_menu())
    else:
        await message.answer(_("start.cancelled_signed_out"), reply_markup=ReplyKeyboardRemove())


async def begin(
    query: CallbackQuery, state: FSMContext, cabinet: Cabinet, user: UserView | None
) -> None:
    """«Войти» under `ask_to_sign_in`; pressed again, it points at the step already on screen."""
    if user is not None:
        await query.answer(_("start.already_signed_in_short"))
        return
    current = await state.get_state()
    if current == Onboarding.consent.state:
        await query.answer(_("start.hint_consent"))
        return
    if (await load(state)).consented:
        await query.answer(_("start.consent_already_given"))
        return
    await query.answer()
    if isinstance(query.message, Message):
        await ask_consent(query.message, state, cabinet)


async def agree(query: CallbackQuery, state: FSMContext, user: UserView | None) -> None:
    if user is not None:
        await query.answer(_("start.already_signed_in_short"))
        return
    if (await load(state)).consented:  # a second press: the ways in are on screen
        await query.answer(_("start.consent_already_given"))
        return
    await query.answer()
    await CODEC.keep(state, OnboardingDialog(consented=True))
    if isinstance(query.message, Message):
        await show_ways_in(query.message, state)


async def decline(query: CallbackQuery, state: FSMContext, user: UserView | None) -> None:
    if user is not None:
        await query.answer(_("start.consent_withdraw_in_profile"), show_alert=True)
        return
    if await state.get_state() is None:  # declined already (or the dialog was cancelled)
        await query.answer(_("start.consent_declined_again"))
        return
    await state.clear()
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.answer(_("start.consent_declined"), reply_markup=ReplyKeyboardRemove())


async def way_in_before_consent(
    message: Message, state: FSMContext, cabinet: Cabinet, user: UserView | None
) -> None:
    """A contact or a way-in button from an old keyboard, with no dialog going on."""
    if user is not None:
        await message.answer(_("start.way_in_not_needed"), reply_markup=main_menu())
        return
    await message.answer(_("start.consent_first"))
    await ask_consent(message, state, cabinet)


def create_router() -> Router:
    router = Router(name="start")
    router.message.filter(in_private_chat)
    router.callback_query.filter(pressed_in_private_chat)

    router.message.register(start, CommandStart())
    router.message.register(cancel, Command("cancel"))
    router.callback_query.register(
        begin, OnboardingCallback.filter(F.action == OnboardingAction.BEGIN)
    )
    router.callback_query.register(
        agree, OnboardingCallback.filter(F.action == OnboardingAction.AGREE)
    )
    router.callback_query.register(
        decline, OnboardingCallback.filter(F.action == OnboardingAction.DECLINE)
    )
    # The ways in switch from any step after consent (the keyboard stays on screen).
    router.message.register(
        sign_in_email.ask_email, StateFilter(*AFTER_CONSENT), ButtonText(WAY_EMAIL)
    )
    router.message.register(
        sign_in_password.ask_login, StateFilter(*AFTER_CONSENT), ButtonText(WAY_PASSWORD)
    )
    router.message.register(way_in_before_consent, StateFilter(None), F.contact)
    router.message.register(
        way_in_before_consent, StateFilter(None), ButtonText(WAY_EMAIL, WAY_PASSWORD)
    )

    router.include_router(_sign_in_router())
    return router


def _sign_in_router() -> Router:
    """The steps of signing in, behind one gate: a message in the middle of signing in, a
    press of a sign-in button. Everyone else's updates (a signed-in customer's, all day) pass
    by the five routers at once instead of trying each of their handlers."""
    router = Router(name="sign_in")
    router.message.filter(StateFilter(Onboarding))
    router.callback_query.filter(OnboardingCallback.filter())
    router.include_routers(
        sign_in_contact.create_router(),
        sign_in_email.create_router(),
        sign_in_password.create_router(),
        sign_in_reset.create_router(),
        hints.create_router(),  # last: whatever the step did not expect
    )
    return router
