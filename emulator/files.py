"""Files in the world: uploads kept in memory, addressed by `file_id`, served at a `file_path`."""

from __future__ import annotations

import base64
import hashlib
import mimetypes
import secrets
import struct
from dataclasses import dataclass
from typing import Any

from emulator.errors import BotApiError

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
JPEG_SIZE_MARKERS = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}


def image_size(data: bytes) -> tuple[int, int] | None:
    """Width and height from a PNG or JPEG header; None for anything else."""
    if data.startswith(PNG_SIGNATURE) and len(data) >= 24:
        width, height = struct.unpack(">II", data[16:24])
        return width, height
    if data.startswith(b"\xff\xd8"):
        index = 2
        while index + 9 <= len(data):
            if data[index] != 0xFF:
                return None
            marker = data[index + 1]
            length = struct.unpack(">H", data[index + 2 : index + 4])[0]
            if marker in JPEG_SIZE_MARKERS:
                height, width = struct.unpack(">HH", data[index + 5 : index + 9])
                return width, height
            index += 2 + length
    return None


@dataclass(frozen=True)
class StoredFile:
    file_id: str
    file_unique_id: str
    data: bytes
    file_path: str
    file_name: str | None
    mime_type: str | None
    size: tuple[int, int] | None

    def as_file(self) -> dict[str, Any]:
        return {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_size": len(self.data),
            "file_path": self.file_path,
        }

    def as_photo(self) -> list[dict[str, Any]]:
        assert self.size is not None
        width, height = self.size
        return [
            {
                "file_id": self.file_id,
                "file_unique_id": self.file_unique_id,
                "file_size": len(self.data),
                "width": width,
                "height": height,
            }
        ]

    def as_document(self) -> dict[str, Any]:
        document: dict[str, Any] = {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_size": len(self.data),
        }
        if self.file_name:
            document["file_name"] = self.file_name
        if self.mime_type:
            document["mime_type"] = self.mime_type
        return document


class FileTooBig(Exception):
    pass


class FileStore:
    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self._by_id: dict[str, StoredFile] = {}
        self._by_path: dict[str, StoredFile] = {}

    def add_photo(self, data: bytes) -> StoredFile:
        size = image_size(data)
        if size is None:
            raise BotApiError(400, "Bad Request: IMAGE_PROCESS_FAILED")
        if data.startswith(PNG_SIGNATURE):
            return self._add(data, "photos", "AgAC", "photo.png", "image/png", size)
        return self._add(data, "photos", "AgAC", "photo.jpg", "image/jpeg", size)

    def add_document(self, data: bytes, file_name: str | None, mime_type: str | None) -> StoredFile:
        guessed = mimetypes.guess_type(file_name)[0] if file_name else None
        if mime_type and mime_type != "application/octet-stream":
            guessed = mime_type
        return self._add(data, "documents", "BQAC", file_name, guessed, None)

    def get(self, file_id: str) -> StoredFile | None:
        return self._by_id.get(file_id)

    def by_path(self, file_path: str) -> StoredFile | None:
        return self._by_path.get(file_path)

    def _add(
        self,
        data: bytes,
        folder: str,
        prefix: str,
        file_name: str | None,
        mime_type: str | None,
        size: tuple[int, int] | None,
    ) -> StoredFile:
        if len(data) > self.max_bytes:
            raise FileTooBig(f"{len(data)} bytes is over the limit of {self.max_bytes}")
        digest = hashlib.sha256(data).digest()
        unique_id = base64.urlsafe_b64encode(digest[:12]).decode().rstrip("=")
        extension = (
            (file_name or "").rpartition(".")[2] if file_name and "." in file_name else "bin"
        )
        stored = StoredFile(
            file_id=prefix + secrets.token_urlsafe(30),
            file_unique_id=unique_id,
            data=data,
            file_path=f"{folder}/file_{len(self._by_id)}.{extension}",
            file_name=file_name if folder == "documents" else None,
            mime_type=mime_type,
            size=size,
        )
        self._by_id[stored.file_id] = stored
        self._by_path[stored.file_path] = stored
        return stored
