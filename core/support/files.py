"""Our own copy of the files customers send to support, under `{FILES_DIR}/support/YYYY/MM/`.

Telegram's `file_id` is what the bot sends on; the copy is the company's record, kept when the
file is within the limits: photos must really be images (by their first bytes, as meter photos),
documents at most 20 MB (what Telegram lets a bot download). A file refused here still reaches
the staff by its `file_id`; only our copy is not kept.
"""

from __future__ import annotations

import asyncio
import re
import secrets
from pathlib import Path, PurePosixPath

from core.clock import Clock
from core.photos import (
    MAX_PHOTO_BYTES,
    PhotoNotAnImage,
    PhotoTooLarge,
    detect_kind,
    write_atomically,
)

MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
SUPPORT_DIR = "support"
_EXTENSION = re.compile(r"^[a-z0-9]{1,8}$")


class SupportFiles:
    def __init__(self, root: Path, clock: Clock) -> None:
        self.root = root
        self._clock = clock

    async def save(self, content: bytes, kind: str, file_name: str | None) -> str:
        """The stored path, relative to the root (POSIX); raises when the file is refused."""
        if kind == "photo":
            if len(content) > MAX_PHOTO_BYTES:
                raise PhotoTooLarge(len(content))
            detected = detect_kind(content)
            if detected is None:
                raise PhotoNotAnImage()
            extension = detected.extension
        else:
            if len(content) > MAX_DOCUMENT_BYTES:
                raise PhotoTooLarge(len(content))
            extension = _extension_of(file_name)
        now = self._clock.now()
        relative = PurePosixPath(
            SUPPORT_DIR,
            f"{now.year:04d}",
            f"{now.month:02d}",
            f"{secrets.token_urlsafe(18)}.{extension}",
        )
        await asyncio.to_thread(write_atomically, self.root / relative, content)
        return str(relative)


def _extension_of(file_name: str | None) -> str:
    """The name's own extension when it is a plain one; never a path from the customer."""
    suffix = PurePosixPath(file_name or "").suffix.lower().lstrip(".")
    return suffix if _EXTENSION.match(suffix) else "bin"
