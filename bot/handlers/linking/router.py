"""«Добавить лицевой счёт»: the account number, then its ЕЛС ГИС ЖКХ (linked at once), or a photo
of the meter that staff check in the staff group."""

from __future__ import annotations

import logging
from pathlib import Path

from aiogram import Bot, Dispatcher, F, Router, html
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext as _

from bot.errors_text import error_text
from bot.filters.private_chat import in_private_chat, pressed_in_private_chat
from bot.filters.signed_in import SignedIn
from bot.fsm.linking import Linking, LinkingDialog, load, save
from bot.handlers.common.dialog import hint
from bot.handlers.linking.guessing_alert import alert_staff
from bot.handlers.linking.keyboards import (
    START_LINKING_CALLBACK,
    LinkingAction,
    LinkingButton,
    add_another_keyboard,
    els_keyboard,
)
from bot.handlers.menu.keyboard import main_menu
from bot.handlers.onboarding import start
from bot.handlers.staff.link_review import MeterPhoto, post_link_request
from bot.photo_download import download_photo
from core.accounts.errors import (
    AccountAlreadyLinked,
    AccountNotFound,
    LinkRequestPending,
    TooManyAccountLookups,
    TooManyLinkAttempts,
    WrongEls,
)
from core.accounts.link_requests import link_request_card
from core.accounts.views import LinkView
from core.cabinet import Cabinet
from core.errors import CabinetError
from core.photos import PhotoNotAnImage, PhotoStore, PhotoTooLarge, PhotoUnavailable
from core.users.views import UserView

LONGEST_NUMBER = 40  # with the spaces and dashes people put in

logger = logging.getLogger("cabinet.linking")


# --- the way in --------------------------------------------------------------------------------


async def start_linking(message: Message, state: FSMContext) -> None:
    """Asks for the account number; for other sections (after sign-in, the profile, ...)."""
    await save(state, Linking.number, LinkingDialog())
    await message.answer(_("linking.ask_number"))


async def start_pressed(query: CallbackQuery, state: FSMContext, user: UserView | None) -> None:
    await query.answer()
    if not isinstance(query.message, Message):
        return
    if user is None:
        await start.ask_to_sign_in(query.message, state)
        return
    await start_linking(query.message, state)


async def signed_out_meanwhile(message: Message, state: FSMContext) -> None:
    await state.clear()
    await start.ask_to_sign_in(message, state)


# --- the account number ------------------------------------------------------------------------


async def number_given(
    message: Message, state: FSMContext, cabinet: Cabinet, user: UserView
) -> None:
    typed = (message.text or "").strip()
    if len(typed) > LONGEST_NUMBER:  # a letter, not a number: not worth echoing back
        await number_expected(message)
        return
    try:
        found = await cabinet.accounts.lookup_to_link(typed, user.id)
    except AccountNotFound as missing:
        await message.answer(error_text(missing, cabinet.settings.tz))
        return
    except (TooManyAccountLookups, AccountAlreadyLinked, LinkRequestPending) as refused:
        await state.clear()
        await message.answer(error_text(refused, cabinet.settings.tz), reply_markup=main_menu())
        return
    await save(state, Linking.els, LinkingDialog(found.number, found.account_id))
    await message.answer(
        _("linking.found").format(
            number=html.quote(found.number),
            branch=html.quote(found.branch),
            address=html.quote(found.address),
        ),
        reply_markup=els_keyboard(found.account_id),
    )


number_expected = hint("linking.number_expected")


# --- the ЕЛС -----------------------------------------------------------------------------------


async def els_given(
    message: Message,
    state: FSMContext,
    bot: Bot,
    dispatcher: Dispatcher,
    cabinet: Cabinet,
    user: UserView,
) -> None:
    number, account_id = (await load(state)).found()
    try:
        linked = await cabinet.accounts.link_by_els(user.id, number, message.text or "")
    except WrongEls as wrong:
        await message.answer(
            error_text(wrong, cabinet.settings.tz), reply_markup=els_keyboard(account_id)
        )
        if wrong.alert is not None:  # many people miss this account's ЕЛС: staff should know
            await alert_staff(bot, dispatcher, cabinet, wrong.alert)
        return
    except TooManyLinkAttempts as blocked:
        # The photo stays open: staff can still link the account.
        await message.answer(
            error_text(blocked, cabinet.settings.tz), reply_markup=els_keyboard(account_id)
        )
        return
    except CabinetError as refused:  # linked or requested meanwhile, or the account is gone
        await state.clear()
        await message.answer(error_text(refused, cabinet.settings.tz), reply_markup=main_menu())
        return
    await state.clear()
    await message.answer(
        _("linking.linked").format(
            number=html.quote(linked.account_number), address=html.quote(linked.address)
        ),
        reply_markup=add_another_keyboard(),
    )


async def els_expected(message: Message, state: FSMContext) -> None:
    account_id = (await load(state)).found()[1]
    await message.answer(_("linking.els_expected"), reply_markup=els_keyboard(account_id))


# --- the photo of the meter --------------------------------------------------------------------


async def photo_chosen(
    query: CallbackQuery, callback_data: LinkingButton, state: FSMContext, cabinet: Cabinet
) -> None:
    current = await state.get_state()
    in_dialog = current in (Linking.els.state, Linking.photo.state)
    if not in_dialog or (await load(state)).account_id != callback_data.account_id:
        await query.answer(_("linking.stale_button"), show_alert=True)
        return
    if cabinet.settings.staff_chat_id is None:
        await query.answer(_("linking.photo_unavailable"), show_alert=True)
        return
    await query.answer()
    await state.set_state(Linking.photo)
    if isinstance(query.message, Message) and current != Linking.photo.state:
        await query.message.answer(_("linking.ask_photo"))


async def photo_given(
    message: Message,
    state: FSMContext,
    bot: Bot,
    dispatcher: Dispatcher,
    cabinet: Cabinet,
    user: UserView,
) -> None:
    upload = _meter_photo(message)
    if upload is None:
        await message.answer(_("linking.photo_expected"))
        return
    photo, size = upload
    number = (await load(state)).found()[0]
    try:
        request = await _request_by_photo(bot, cabinet, user, number, photo, size)
    except (PhotoTooLarge, PhotoNotAnImage, PhotoUnavailable) as refused:  # another photo may do
        await message.answer(error_text(refused, cabinet.settings.tz))
        return
    except CabinetError as refused:  # linked or requested meanwhile: nothing left to ask
        await state.clear()
        await message.answer(error_text(refused, cabinet.settings.tz), reply_markup=main_menu())
        return
    await state.clear()
    card = await link_request_card(cabinet.uow_factory, request.link_id)
    try:
        await post_link_request(bot, dispatcher, cabinet, card, photo)
    except TelegramAPIError:
        logger.exception("link request not posted", extra={"link_id": request.link_id})
        await cabinet.accounts.unlink(user.id, request.account_id)  # no one would ever see it
        await message.answer(_("linking.photo_unavailable"), reply_markup=main_menu())
        return
    await message.answer(
        _("linking.request_sent").format(
            link_id=request.link_id, number=html.quote(request.account_number)
        ),
        reply_markup=main_menu(),
    )


async def _request_by_photo(
    bot: Bot, cabinet: Cabinet, user: UserView, number: str, photo: MeterPhoto, size: int | None
) -> LinkView:
    content = await download_photo(bot, photo.file_id, size)
    store = PhotoStore(Path(cabinet.settings.files_dir), cabinet.clock)
    stored = await store.save(content, user.id)
    return await cabinet.accounts.request_link_by_photo(user.id, number, stored.path)


def _meter_photo(message: Message) -> tuple[MeterPhoto, int | None] | None:
    """The largest size of a photo, or a file that may be an image (its bytes decide later)."""
    if message.photo:
        largest = message.photo[-1]
        return MeterPhoto(largest.file_id, as_document=False), largest.file_size
    if message.document:
        document = message.document
        return MeterPhoto(document.file_id, as_document=True), document.file_size
    return None


photo_expected = hint("linking.photo_expected")


def create_router() -> Router:
    router = Router(name="linking")
    router.message.filter(in_private_chat)
    router.callback_query.filter(pressed_in_private_chat)

    router.callback_query.register(start_pressed, F.data == START_LINKING_CALLBACK)
    router.callback_query.register(
        photo_chosen, LinkingButton.filter(F.action == LinkingAction.PHOTO)
    )
    dialog = StateFilter(Linking)
    router.message.register(signed_out_meanwhile, dialog, ~SignedIn())
    router.message.register(number_given, StateFilter(Linking.number), F.text)
    router.message.register(number_expected, StateFilter(Linking.number))
    router.message.register(els_given, StateFilter(Linking.els), F.text)
    router.message.register(els_expected, StateFilter(Linking.els))
    router.message.register(photo_given, StateFilter(Linking.photo), F.photo | F.document)
    router.message.register(photo_expected, StateFilter(Linking.photo))
    return router
