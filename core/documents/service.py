"""«Документы»: a customer's documents, ownership checked on every look; billing's import; staff's
attachment."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from pathlib import Path

from core.accounts.errors import NotAccountOwner
from core.accounts.ownership import ensure_owner
from core.clock import Clock
from core.documents.errors import AccountToName, DocumentNotFound
from core.documents.import_file import read_rows
from core.documents.store import DocumentStore, check_pdf
from core.documents.views import (
    AccountDocuments,
    DocumentFile,
    DocumentKind,
    DocumentSource,
    DocumentView,
)
from core.entities.documents import Document
from core.enums import LinkStatus, NotificationKind
from core.exchange.problems import ImportRejected, RowProblem
from core.notifications.outbox import notify_user
from core.ports import UnitOfWorkFactory
from core.settings import Settings


@dataclass(frozen=True, slots=True)
class DocumentsImported:
    rows: int
    inserted: int
    updated: int


class Documents:
    def __init__(self, uow_factory: UnitOfWorkFactory, clock: Clock, settings: Settings) -> None:
        self._uow_factory = uow_factory
        self._clock = clock
        self._store = DocumentStore(Path(settings.files_dir))

    async def of_account(self, user_id: int, account_id: int) -> list[DocumentView]:
        """The account's documents, newest first; NotAccountOwner for an account not the user's."""
        return (await self.listing(user_id, account_id)).documents

    async def listing(self, user_id: int, account_id: int) -> AccountDocuments:
        """`of_account` with the account's number, which a list with no document shows too."""
        async with self._uow_factory() as uow:
            await ensure_owner(uow, user_id, account_id)
            account = await uow.accounts.get(account_id)
            assert account is not None  # an active link names an existing account
            rows = await uow.documents.of_account(account_id)
            return AccountDocuments(account.number, [_view(row, number) for row, number in rows])

    async def file(self, user_id: int, document_id: int) -> DocumentFile:
        async with self._uow_factory() as uow:
            found = await uow.documents.get(document_id)
            if found is None or not await uow.accounts.has_active_link(
                user_id, found[0].account_id
            ):
                raise DocumentNotFound(document_id)
            row, number = found
            return DocumentFile(
                _view(row, number), str(self._store.absolute(row.file_path)), row.telegram_file_id
            )

    async def remember_telegram_file(self, document_id: int, file_id: str) -> None:
        """Telegram's id of the uploaded file: the next customer gets it without an upload."""
        async with self._uow_factory() as uow:
            await uow.documents.set_telegram_file(document_id, file_id)
            await uow.commit()

    async def attach_for_customer(
        self,
        user_id: int,
        account_number: str | None,
        title: str,
        file_name: str,
        content: bytes,
    ) -> DocumentView:
        """A PDF staff attach in the customer's topic, to the customer's only account or to the
        one named (AccountToName when there are several and none is; NotAccountOwner for a
        number that is not one of theirs); the customer is told through the outbox."""
        check_pdf(content)
        async with self._uow_factory() as uow:
            linked = await uow.accounts.linked_accounts(user_id, [LinkStatus.ACTIVE])
            accounts = {account.number: account.id for _link, account in linked}
        if account_number is None and len(accounts) != 1:
            raise AccountToName(sorted(accounts))
        number = account_number or next(iter(accounts))
        if number not in accounts:
            raise NotAccountOwner(0)
        account_id = accounts[number]
        path = await self._store.save(account_id, content)
        now = self._clock.now()
        async with self._uow_factory() as uow:
            document = Document(
                account_id=account_id,
                external_id=None,
                source=DocumentSource.STAFF.value,
                kind=DocumentKind.OTHER.value,
                title=title[:200],
                issued_on=now.date(),
                file_name=file_name[:200],
                file_path=path,
                created_at=now,
            )
            uow.documents.add(document)
            await uow.flush()
            await notify_user(
                uow,
                user_id=user_id,
                kind=NotificationKind.NEW_DOCUMENT,
                payload={"document_id": document.id, "account_number": number, "title": title},
                dedup_key=f"document:{document.id}",
                now=now,
            )
            await uow.commit()
            return _view(document, number)

    async def import_file(self, csv_path: Path) -> DocumentsImported:
        rows, problems = await asyncio.to_thread(read_rows, csv_path)
        async with self._uow_factory() as uow:
            numbers = await uow.accounts.ids_by_number({row.account_number for row in rows})
            problems += [
                RowProblem(row.line, f"account {row.account_number} is unknown")
                for row in rows
                if row.account_number not in numbers
            ]
            if problems:
                problems.sort(key=lambda problem: problem.line)
                raise ImportRejected(problems[:50], len(problems))
            existing = await uow.documents.by_external_ids([row.document_id for row in rows])
            now = self._clock.now()
            inserted = updated = 0
            for row in rows:
                account_id = numbers[row.account_number]
                path = await self._store.save(account_id, row.content)
                values = {
                    "account_id": account_id,
                    "kind": row.kind.value,
                    "title": row.title,
                    "issued_on": row.issued_on,
                    "file_name": row.file.name[:200],
                    "file_path": path,
                }
                known = existing.get(row.document_id)
                if known is None:
                    uow.documents.add(
                        Document(
                            external_id=row.document_id,
                            source=DocumentSource.BILLING.value,
                            created_at=now,
                            **values,
                        )
                    )
                    inserted += 1
                else:
                    for name, value in values.items():
                        setattr(known, name, value)
                    known.telegram_file_id = None  # the file may have changed
                    updated += 1
            await uow.commit()
        return DocumentsImported(len(rows), inserted, updated)


def _view(row: Document, number: str) -> DocumentView:
    return DocumentView(
        id=row.id,
        account_id=row.account_id,
        account_number=number,
        kind=DocumentKind(row.kind),
        title=row.title,
        issued_on=row.issued_on,
        file_name=row.file_name,
    )
