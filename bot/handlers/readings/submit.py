"""The summary's buttons: Отправить (once, however many times it is pressed), Исправить, and
Прикрепить фото; and the offer to replace readings already sent today."""

from __future__ import annotations

from contextlib import suppress
from dataclasses import replace

from aiogram import Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext as _

from bot.errors_text import error_text
from bot.filters.signed_in import SignedIn
from bot.fsm.readings import ReadingsDialog, SendReadings, load, save
from bot.handlers.common.dialog import message_of, together
from bot.handlers.menu.keyboard import main_menu
from bot.handlers.readings.dialog import ask_next_zone, show_summary
from bot.handlers.readings.keyboards import SummaryAction, SummaryButton, replace_keyboard
from bot.handlers.readings.texts import result_text
from core.cabinet import Cabinet
from core.enums import ReadingSource
from core.errors import CabinetError
from core.readings.errors import ConfirmationRequired, SameDayReadingExists
from core.readings.sender import Sender
from core.readings.views import SubmissionResult
from core.users.views import UserView


async def summary_pressed(
    query: CallbackQuery,
    callback_data: SummaryButton,
    state: FSMContext,
    cabinet: Cabinet,
    user: UserView,
) -> None:
    dialog = await load(state)
    message = message_of(query)
    if dialog.sent == callback_data.key:
        await query.answer(_("readings.already_sent_press"))
        return
    if dialog.key != callback_data.key or message is None:
        await query.answer(_("readings.summary_outdated"), show_alert=True)
        return
    if callback_data.action is SummaryAction.FIX:
        await _fix(query, message, state, dialog)
    elif callback_data.action is SummaryAction.PHOTO:
        await save(state, SendReadings.photo, dialog)
        await query.answer()
        await message.answer(_("readings.send_photo"))
    else:
        again = callback_data.action is SummaryAction.REPLACE or dialog.replace
        await _submit(query, message, state, cabinet, user, replace(dialog, replace=again))


async def _fix(
    query: CallbackQuery, message: Message, state: FSMContext, dialog: ReadingsDialog
) -> None:
    dialog = replace(dialog, values={}, key=None, replace=False)
    await save(state, SendReadings.value, dialog)
    await query.answer()
    await _drop_buttons(message)
    await ask_next_zone(message, dialog)


async def _submit(
    query: CallbackQuery,
    message: Message,
    state: FSMContext,
    cabinet: Cabinet,
    user: UserView,
    dialog: ReadingsDialog,
) -> None:
    key = dialog.key or ""  # the press matched it
    try:
        result = await cabinet.readings.submit(
            user.id,
            dialog.chosen_meter(),
            dialog.values,
            submission_key=key,
            source=ReadingSource.BOT,
            confirmed=dialog.confirm,
            photo_path=dialog.photo,
            replace_same_day=dialog.replace,
            sender=Sender(user.id, dialog.account_id if dialog.other else None),
        )
    except SameDayReadingExists as exists:
        await query.answer()
        await _drop_buttons(message)
        await message.answer(
            error_text(exists, cabinet.settings.tz), reply_markup=replace_keyboard(key)
        )
        return
    except ConfirmationRequired:  # the history changed since the summary: show it again
        await query.answer()
        await show_summary(message, state, cabinet, dialog)
        return
    except CabinetError as refused:
        await query.answer()
        await state.clear()
        await message.answer(error_text(refused, cabinet.settings.tz), reply_markup=main_menu())
        return
    await _finish(query, message, state, cabinet, result)


async def _finish(
    query: CallbackQuery,
    message: Message,
    state: FSMContext,
    cabinet: Cabinet,
    result: SubmissionResult,
) -> None:
    # Kept instead of the dialog's data: a second press of its button is answered.
    await save(state, None, ReadingsDialog(sent=result.submission_key))
    # Three independent answers: the spinner, the summary's buttons, the result. None waits.
    await together(
        query.answer(),
        _drop_buttons(message),
        message.answer(result_text(result, cabinet.settings.tz), reply_markup=main_menu()),
    )


async def _drop_buttons(message: Message) -> None:
    """The pressed summary loses its buttons, so the chat shows what is still current."""
    if message.reply_markup is not None:
        with suppress(TelegramBadRequest):  # too old to edit, or edited by a press just before
            await message.edit_reply_markup(reply_markup=None)


def create_router() -> Router:
    router = Router(name="readings_submit")
    router.callback_query.register(summary_pressed, SummaryButton.filter(), SignedIn())
    return router
