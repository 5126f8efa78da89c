"""«Передать по другому лицевому счёту»: the number, then its meters with masked data, then the
same dialog. The look-up limit is core's (`AccountsService.lookup`)."""

from __future__ import annotations

from aiogram import F, Router, html
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext as _

from bot.errors_text import error_text
from bot.filters.signed_in import SignedIn
from bot.fsm.readings import ReadingsDialog, SendReadings, save
from bot.handlers.common.dialog import hint, message_of
from bot.handlers.readings.dialog import offer_meters
from bot.handlers.readings.keyboards import OTHER_ACCOUNT_CALLBACK
from core.accounts.errors import AccountNotFound, TooManyAccountLookups
from core.cabinet import Cabinet
from core.users.views import UserView


async def other_account_pressed(query: CallbackQuery, state: FSMContext) -> None:
    message = message_of(query)
    await query.answer()
    await save(state, SendReadings.other_number, ReadingsDialog())
    if message is not None:
        await message.answer(_("readings.other_number_prompt"))


async def number_given(
    message: Message, state: FSMContext, cabinet: Cabinet, user: UserView
) -> None:
    try:
        account = await cabinet.accounts.lookup(message.text or "", user.id)
    except AccountNotFound as refused:  # a typo: the number may be typed again
        await message.answer(error_text(refused, cabinet.settings.tz))
        return
    except TooManyAccountLookups as refused:
        await state.clear()
        await message.answer(error_text(refused, cabinet.settings.tz))
        return
    await message.answer(
        _("readings.other_account_found").format(
            number=html.quote(account.number),
            address=html.quote(account.address),
            holder=html.quote(account.holder_name),
        )
    )
    await offer_meters(message, state, cabinet, account.account_id, other=account.masked)


number_expected = hint("readings.number_expected")


def create_router() -> Router:
    router = Router(name="readings_other")
    router.callback_query.register(
        other_account_pressed, F.data == OTHER_ACCOUNT_CALLBACK, SignedIn()
    )
    router.message.register(
        number_given, StateFilter(SendReadings.other_number), F.text, SignedIn()
    )
    router.message.register(number_expected, StateFilter(SendReadings.other_number))
    return router
