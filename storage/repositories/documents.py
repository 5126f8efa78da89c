"""Documents of accounts, with their account numbers."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select, update

from storage.models import Account, Document
from storage.repositories.base import Repository


class DocumentsRepository(Repository):
    def add(self, document: Document) -> None:
        self.session.add(document)

    async def of_account(self, account_id: int) -> Sequence[tuple[Document, str]]:
        query = (
            select(Document, Account.number)
            .join(Account, Account.id == Document.account_id)
            .where(Document.account_id == account_id)
            .order_by(Document.issued_on.desc(), Document.id.desc())
        )
        return [(document, number) for document, number in await self.session.execute(query)]

    async def get(self, document_id: int) -> tuple[Document, str] | None:
        query = (
            select(Document, Account.number)
            .join(Account, Account.id == Document.account_id)
            .where(Document.id == document_id)
        )
        row = (await self.session.execute(query)).first()
        return None if row is None else (row[0], row[1])

    async def by_external_ids(self, external_ids: Sequence[str]) -> dict[str, Document]:
        if not external_ids:
            return {}
        query = select(Document).where(Document.external_id.in_(list(external_ids)))
        return {
            doc.external_id: doc for doc in await self.session.scalars(query) if doc.external_id
        }

    async def set_telegram_file(self, document_id: int, file_id: str) -> None:
        statement = (
            update(Document)
            .where(Document.id == document_id)
            .values(telegram_file_id=file_id)
            .execution_options(synchronize_session=False)
        )
        await self.session.execute(statement)
