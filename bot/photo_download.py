"""Fetching a customer's photo (or image sent as a file) from Telegram, within the store's limit."""

from __future__ import annotations

import logging

import aiohttp
from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest

from bot.download_failure import download_failure
from core.photos import MAX_PHOTO_BYTES, PhotoTooLarge, PhotoUnavailable

logger = logging.getLogger("cabinet.photos")


async def download_photo(bot: Bot, file_id: str, size: int | None) -> bytes:
    """Refuses what is too large before fetching it (Telegram gives bots files up to 20 MB);
    a download Telegram refuses (an expired file path, its file servers down) is
    `PhotoUnavailable`: the customer sends the photo again."""
    if size is not None and size > MAX_PHOTO_BYTES:
        raise PhotoTooLarge(size)
    try:
        file = await bot.get_file(file_id)
    except TelegramBadRequest:  # "file is too big"
        raise PhotoTooLarge(size or MAX_PHOTO_BYTES + 1) from None
    try:
        downloaded = await bot.download_file(file.file_path) if file.file_path else None
    except (aiohttp.ClientError, TimeoutError) as refused:
        logger.warning("photo not downloaded", extra=download_failure(refused))
        raise PhotoUnavailable() from None
    if downloaded is None:
        raise PhotoTooLarge(size or MAX_PHOTO_BYTES + 1)
    return downloaded.read()
