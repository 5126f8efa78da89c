"""A file someone sent, fetched from Telegram within a size limit (Telegram gives bots files up to
20 MB): too large is refused before fetching; a download Telegram refuses (an expired file
path, its file servers down) is `FileUnavailable`, and the sender is asked to send it again."""

from __future__ import annotations

import logging

import aiohttp
from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest

from bot.download_failure import download_failure

logger = logging.getLogger("cabinet.files")


class FileTooLarge(Exception):
    def __init__(self, size: int) -> None:
        super().__init__(f"{size} bytes")
        self.size = size


class FileUnavailable(Exception):
    pass


async def download(
    bot: Bot, file_id: str, size: int | None, limit: int, *, kind: str = "file"
) -> bytes:
    """`kind` names the file in the log line ("photo", "document")."""
    if size is not None and size > limit:
        raise FileTooLarge(size)
    try:
        file = await bot.get_file(file_id)
    except TelegramBadRequest:  # "file is too big"
        raise FileTooLarge(size or limit + 1) from None
    try:
        downloaded = await bot.download_file(file.file_path) if file.file_path else None
    except (aiohttp.ClientError, TimeoutError) as refused:
        logger.warning(f"{kind} not downloaded", extra=download_failure(refused))
        raise FileUnavailable() from None
    if downloaded is None:
        raise FileTooLarge(size or limit + 1)
    return downloaded.read()
