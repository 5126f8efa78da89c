"""«Заключить договор» for someone with no account yet (offered on «Главная» and in the
catalogue): the address, the holder's name, a phone (the sign-in one on a button), the
confirmation; the request reaches the customer's topic like the others."""

from __future__ import annotations

import logging
from dataclasses import replace

from aiogram import Bot, Dispatcher, F, Router, html
from aiogram.exceptions import TelegramAPIError
from aiogram.fsm.context import FSMContext
from aiogram.types import (
    CallbackQuery,
    Message,
)
from aiogram.utils.i18n import gettext as _

from bot.errors_text import error_text
from bot.filters.private_chat import in_private_chat
from bot.filters.signed_in import SignedIn
from bot.fsm.services import CONTRACT_CODEC, ContractDialog, ContractOrder
from bot.handlers.common.dialog import hint
from bot.handlers.menu.keyboard import main_menu
from bot.handlers.services.card import post_request_card
from bot.handlers.services.keyboards import (
    CONTRACT_CALLBACK,
    ContractStep,
    contract_confirm_keyboard,
    own_phone_keyboard,
)
from bot.handlers.support.topic import SupportUnavailable
from core.cabinet import Cabinet
from core.errors import CabinetError
from core.support.requests import contract_address
from core.support.views import ContractApplicant
from core.users.views import UserView
from core.validation.names import normalize_name
from core.validation.phone import normalize_phone

logger = logging.getLogger("cabinet.services")


async def start_contract(message: Message, state: FSMContext) -> None:
    await CONTRACT_CODEC.save(state, ContractOrder.address, ContractDialog())
    await message.answer(_("services.contract_address_prompt"))


async def start_pressed(query: CallbackQuery, state: FSMContext) -> None:
    await query.answer()
    if isinstance(query.message, Message):
        await start_contract(query.message, state)


async def address_given(message: Message, state: FSMContext, cabinet: Cabinet) -> None:
    try:
        address = contract_address(message.text or "")
    except CabinetError as refused:
        await message.answer(error_text(refused, cabinet.settings.tz))
        return
    dialog = replace(await CONTRACT_CODEC.load(state), address=address)
    await CONTRACT_CODEC.save(state, ContractOrder.holder, dialog)
    await message.answer(_("services.contract_holder_prompt"))


async def holder_given(
    message: Message, state: FSMContext, cabinet: Cabinet, user: UserView
) -> None:
    try:
        holder = normalize_name(message.text or "", "holder_name")
    except CabinetError as refused:
        await message.answer(error_text(refused, cabinet.settings.tz))
        return
    dialog = replace(await CONTRACT_CODEC.load(state), holder=holder)
    await CONTRACT_CODEC.save(state, ContractOrder.phone, dialog)
    keyboard = own_phone_keyboard(user.phone) if user.phone else None
    await message.answer(_("services.contract_phone_prompt"), reply_markup=keyboard)


async def phone_given(message: Message, state: FSMContext, cabinet: Cabinet) -> None:
    try:
        phone = normalize_phone(message.text or "")
    except CabinetError as refused:
        await message.answer(error_text(refused, cabinet.settings.tz))
        return
    dialog = replace(await CONTRACT_CODEC.load(state), phone=phone)
    await CONTRACT_CODEC.save(state, ContractOrder.confirm, dialog)
    await message.answer(
        _("services.contract_summary").format(
            address=html.quote(dialog.address or ""),
            holder=html.quote(dialog.holder or ""),
            phone=html.quote(phone),
        ),
        reply_markup=contract_confirm_keyboard(),
    )


async def confirmed(
    query: CallbackQuery,
    callback_data: ContractStep,
    state: FSMContext,
    bot: Bot,
    dispatcher: Dispatcher,
    cabinet: Cabinet,
    user: UserView,
) -> None:
    message = query.message
    if await state.get_state() != ContractOrder.confirm.state or not isinstance(message, Message):
        await query.answer(_("fallback.stale_button"), show_alert=True)
        return
    await query.answer()
    dialog = await CONTRACT_CODEC.load(state)
    await state.clear()
    if not callback_data.send:
        await message.answer(_("services.cancelled"), reply_markup=main_menu())
        return
    applicant = ContractApplicant(dialog.address or "", dialog.holder or "", dialog.phone or "")
    try:
        request = await cabinet.service_requests.create_contract(user.id, applicant, None)
    except CabinetError as refused:
        await message.answer(error_text(refused, cabinet.settings.tz), reply_markup=main_menu())
        return
    await message.answer(
        _("services.accepted").format(request_id=request.id), reply_markup=main_menu()
    )
    try:
        await post_request_card(bot, dispatcher, cabinet, request, query.from_user.full_name)
    except (SupportUnavailable, TelegramAPIError):
        logger.exception("request card not posted", extra={"request_id": request.id})


holder_expected = hint("services.contract_holder_prompt")
phone_expected = hint("services.contract_phone_prompt")
address_expected = hint("services.contract_address_prompt")


def create_router() -> Router:
    router = Router(name="services_contract")
    router.message.filter(in_private_chat, SignedIn())
    router.callback_query.filter(SignedIn())
    router.callback_query.register(start_pressed, F.data == CONTRACT_CALLBACK)
    router.callback_query.register(confirmed, ContractStep.filter())
    router.message.register(address_given, ContractOrder.address, F.text)
    router.message.register(address_expected, ContractOrder.address)
    router.message.register(holder_given, ContractOrder.holder, F.text)
    router.message.register(holder_expected, ContractOrder.holder)
    router.message.register(phone_given, ContractOrder.phone, F.text)
    router.message.register(phone_expected, ContractOrder.phone)
    return router
