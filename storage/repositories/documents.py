"""Documents of accounts, with their account numbers."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select, update

from core.entities.documents import Document
from storage.models import accounts_table, documents_table
from storage.repositories.base import Repository


class DocumentsRepository(Repository):
    def add(self, document: Document) -> None:
        self.session.add(document)

    async def of_account(self, account_id: int) -> Sequence[tuple[Document, str]]:
        query = (
            select(Document, accounts_table.c.number)
            .join(accounts_table, accounts_table.c.id == documents_table.c.account_id)
            .where(documents_table.c.account_id == account_id)
            .order_by(documents_table.c.issued_on.desc(), documents_table.c.id.desc())
        )
        return [(document, number) for document, number in await self.session.execute(query)]

    async def get(self, document_id: int) -> tuple[Document, str] | None:
        query = (
            select(Document, accounts_table.c.number)
            .join(accounts_table, accounts_table.c.id == documents_table.c.account_id)
            .where(documents_table.c.id == document_id)
        )
        row = (await self.session.execute(query)).first()
        return None if row is None else (row[0], row[1])

    async def by_external_ids(self, external_ids: Sequence[str]) -> dict[str, Document]:
        if not external_ids:
            return {}
        query = select(Document).where(documents_table.c.external_id.in_(list(external_ids)))
        return {
            doc.external_id: doc for doc in await self.session.scalars(query) if doc.external_id
        }

    async def set_telegram_file(self, document_id: int, file_id: str) -> None:
        statement = (
            update(documents_table)
            .where(documents_table.c.id == document_id)
            .values(telegram_file_id=file_id)
        )
        await self.session.execute(statement)
