"""Photos of meters that customers upload, kept on disk under `{FILES_DIR}/photos/YYYY/MM/`.

What a file is comes from its first bytes, never from its name or the MIME type a phone claims.
A file is written beside its final name and renamed into place, so a reader never sees half of it.
"""

from __future__ import annotations

import asyncio
import logging
import os
import secrets
import tempfile
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path, PurePosixPath

from core.clock import Clock, SystemClock
from core.errors import CabinetError

MAX_PHOTO_BYTES = 10 * 1024 * 1024
PHOTOS_DIR = "photos"

logger = logging.getLogger("cabinet.photos")


class PhotoKind(StrEnum):
    JPEG = "jpeg"
    PNG = "png"
    HEIC = "heic"

    @property
    def extension(self) -> str:
        return {"jpeg": "jpg", "png": "png", "heic": "heic"}[self.value]


class PhotoTooLarge(CabinetError):
    code = "photo_too_large"

    def __init__(self, size: int) -> None:
        limit_mb = MAX_PHOTO_BYTES // (1024 * 1024)
        super().__init__(
            f"The photo is {size} bytes; at most {limit_mb} MB is accepted", max_mb=limit_mb
        )


class PhotoNotAnImage(CabinetError):
    code = "photo_not_an_image"

    def __init__(self) -> None:
        super().__init__("The file is not a JPEG, PNG or HEIC image")


class PhotoUnavailable(CabinetError):
    """Telegram would not give the file (an expired link, its servers down): send it again."""

    code = "photo_unavailable"

    def __init__(self) -> None:
        super().__init__("The photo could not be fetched from Telegram; send it again")


@dataclass(frozen=True, slots=True)
class StoredPhoto:
    """`path` is relative to the store's root, in POSIX form: what the database keeps."""

    path: str
    size: int
    kind: PhotoKind


_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_JPEG_START = b"\xff\xd8\xff"
# HEIF files are ISO media boxes: size (4 bytes), "ftyp", then the major brand.
_HEIC_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1"}


def detect_kind(content: bytes) -> PhotoKind | None:
    if content.startswith(_JPEG_START):
        return PhotoKind.JPEG
    if content.startswith(_PNG_SIGNATURE):
        return PhotoKind.PNG
    if content[4:8] == b"ftyp" and content[8:12] in _HEIC_BRANDS:
        return PhotoKind.HEIC
    return None


class PhotoStore:
    def __init__(self, root: Path, clock: Clock | None = None) -> None:
        self.root = root
        self._clock = clock or SystemClock()

    async def save(self, content: bytes, owner_user_id: int) -> StoredPhoto:
        """Refuses more than 10 MB and anything that is not a JPEG, PNG or HEIC image."""
        if len(content) > MAX_PHOTO_BYTES:
            raise PhotoTooLarge(len(content))
        kind = detect_kind(content)
        if kind is None:
            raise PhotoNotAnImage()
        now = self._clock.now()
        relative = PurePosixPath(
            PHOTOS_DIR,
            f"{now.year:04d}",
            f"{now.month:02d}",
            f"{secrets.token_urlsafe(18)}.{kind.extension}",
        )
        await asyncio.to_thread(write_atomically, self.root / relative, content)
        logger.info(
            "photo saved", extra={"user_id": owner_user_id, "size": len(content), "kind": kind}
        )
        return StoredPhoto(path=str(relative), size=len(content), kind=kind)

    def absolute(self, stored_path: str) -> Path:
        """The file of a stored path; a path that would lead out of the store is refused."""
        root = self.root.resolve()
        target = (root / PurePosixPath(stored_path)).resolve()
        if not target.is_relative_to(root):
            raise ValueError(f"not a path inside the photo store: {stored_path!r}")
        return target


def write_atomically(target: Path, content: bytes) -> None:
    """Whole or not at all: a reader never sees half a file, a crash leaves no stray one."""
    target.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=target.parent, prefix=".upload-")
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(content)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
