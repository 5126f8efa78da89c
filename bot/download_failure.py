"""What a failed download from Telegram may say in a log: the error's type and HTTP status.

Never its text: aiohttp's `ClientResponseError` names the file's URL, and Telegram's file URLs
hold the bot token (`/file/bot<token>/<path>`)."""

from __future__ import annotations

import aiohttp


def download_failure(error: BaseException) -> dict[str, object]:
    """The `extra` of a log line about `error`."""
    status = error.status if isinstance(error, aiohttp.ClientResponseError) else None
    return {"error": type(error).__name__, "status": status}
