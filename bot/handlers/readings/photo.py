"""A photo of the meter for the submission: sent before the values, between them or from the
summary, as a photo or as a file. It is fetched through getFile and kept by `PhotoStore`, which
checks the size and that the bytes are a JPEG, PNG or HEIC image."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from aiogram import Bot, F, Router
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import Message
from aiogram.utils.i18n import gettext as _

from bot.errors_text import error_text
from bot.fsm.readings import SendReadings, keep, load, save
from bot.handlers.common.dialog import hint
from bot.handlers.readings.dialog import ask_next_zone, show_summary
from bot.photo_download import download_photo
from core.cabinet import Cabinet
from core.photos import PhotoNotAnImage, PhotoStore, PhotoTooLarge, PhotoUnavailable
from core.users.views import UserView


async def photo_given(
    message: Message, state: FSMContext, bot: Bot, cabinet: Cabinet, user: UserView
) -> None:
    dialog = await load(state)
    if message.message_id <= dialog.seen:  # the same update delivered again
        return
    dialog = replace(dialog, seen=message.message_id)
    try:
        content = await _download(bot, message)
        stored = await PhotoStore(Path(cabinet.settings.files_dir), cabinet.clock).save(
            content, user.id
        )
    except (PhotoTooLarge, PhotoNotAnImage, PhotoUnavailable) as refused:
        await keep(state, dialog)
        await message.answer(error_text(refused, cabinet.settings.tz))
        return
    dialog = replace(dialog, photo=stored.path)
    if dialog.next_zone() is None:
        await show_summary(message, state, cabinet, dialog)
        return
    await save(state, SendReadings.value, dialog)
    await message.answer(_("readings.photo_kept"))
    await ask_next_zone(message, dialog)


async def _download(bot: Bot, message: Message) -> bytes:
    if message.photo:
        file_id, size = message.photo[-1].file_id, message.photo[-1].file_size
    elif message.document:
        file_id, size = message.document.file_id, message.document.file_size
    else:
        raise PhotoNotAnImage()
    return await download_photo(bot, file_id, size)


photo_expected = hint("readings.photo_expected")


def create_router() -> Router:
    router = Router(name="readings_photo")
    with_photo = StateFilter(SendReadings.value, SendReadings.summary, SendReadings.photo)
    router.message.register(photo_given, with_photo, F.photo | F.document)
    router.message.register(photo_expected, StateFilter(SendReadings.photo))
    return router
