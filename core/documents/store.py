"""PDF files of documents on disk, under `{FILES_DIR}/documents/{account_id}/`.

A file is checked by its first bytes (a PDF begins `%PDF-`), named by a random token (never by
anything a file or a person said) and written beside its final name, then renamed into place."""

from __future__ import annotations

import asyncio
import secrets
from pathlib import Path, PurePosixPath

from core.documents.errors import DocumentTooLarge, NotAPdf
from core.photos import write_atomically

DOCUMENTS_DIR = "documents"
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024  # what a bot may download from Telegram
PDF_MAGIC = b"%PDF-"


def check_pdf(content: bytes) -> None:
    if len(content) > MAX_DOCUMENT_BYTES:
        raise DocumentTooLarge(MAX_DOCUMENT_BYTES // (1024 * 1024))
    if not content.startswith(PDF_MAGIC):
        raise NotAPdf()


class DocumentStore:
    def __init__(self, root: Path) -> None:
        self.root = root

    async def save(self, account_id: int, content: bytes) -> str:
        """The stored path, relative to the store, in POSIX form."""
        check_pdf(content)
        relative = PurePosixPath(DOCUMENTS_DIR, str(account_id), f"{secrets.token_urlsafe(18)}.pdf")
        await asyncio.to_thread(write_atomically, self.root / relative, content)
        return str(relative)

    def absolute(self, stored_path: str) -> Path:
        root = self.root.resolve()
        target = (root / PurePosixPath(stored_path)).resolve()
        if not target.is_relative_to(root):
            raise ValueError(f"not a path inside the document store: {stored_path!r}")
        return target
