"""Fetching a customer's photo (or image sent as a file) from Telegram, within the store's limit."""

from __future__ import annotations

from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest

from core.photos import MAX_PHOTO_BYTES, PhotoTooLarge


async def download_photo(bot: Bot, file_id: str, size: int | None) -> bytes:
    """Refuses what is too large before fetching it (Telegram gives bots files up to 20 MB)."""
    if size is not None and size > MAX_PHOTO_BYTES:
        raise PhotoTooLarge(size)
    try:
        file = await bot.get_file(file_id)
    except TelegramBadRequest:  # "file is too big"
        raise PhotoTooLarge(size or MAX_PHOTO_BYTES + 1) from None
    downloaded = await bot.download_file(file.file_path) if file.file_path else None
    if downloaded is None:
        raise PhotoTooLarge(size or MAX_PHOTO_BYTES + 1)
    return downloaded.read()
