"""Fetching a customer's photo (or image sent as a file) from Telegram, within the store's limit."""

from __future__ import annotations

from aiogram import Bot

from bot.telegram_files import FileTooLarge, FileUnavailable, download
from core.photos import MAX_PHOTO_BYTES, PhotoTooLarge, PhotoUnavailable


async def download_photo(bot: Bot, file_id: str, size: int | None) -> bytes:
    """Within the photo store's limit; `PhotoUnavailable` when Telegram would not give it: the
    customer sends the photo again."""
    try:
        return await download(bot, file_id, size, MAX_PHOTO_BYTES, kind="photo")
    except FileTooLarge as refused:
        raise PhotoTooLarge(refused.size) from None
    except FileUnavailable:
        raise PhotoUnavailable() from None
