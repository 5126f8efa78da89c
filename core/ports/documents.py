"""The repository of accounts' documents."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from core.entities.documents import Document


class Documents(Protocol):
    def add(self, document: Document) -> None: ...

    async def of_account(self, account_id: int) -> Sequence[tuple[Document, str]]:
        """The account's documents with its number, newest first."""
        ...

    async def get(self, document_id: int) -> tuple[Document, str] | None:
        """A document with its account's number."""
        ...

    async def by_external_ids(self, external_ids: Sequence[str]) -> dict[str, Document]: ...

    async def set_telegram_file(self, document_id: int, file_id: str) -> None: ...
