"""Documents as front ends show them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class DocumentKind(StrEnum):
    CONTRACT = "contract"
    ACT = "act"
    LETTER = "letter"
    OTHER = "other"


class DocumentSource(StrEnum):
    BILLING = "billing"
    STAFF = "staff"


@dataclass(frozen=True, slots=True)
class DocumentView:
    id: int
    account_id: int
    account_number: str
    kind: DocumentKind
    title: str
    issued_on: date
    file_name: str


@dataclass(frozen=True, slots=True)
class AccountDocuments:
    number: str
    documents: list[DocumentView]


@dataclass(frozen=True, slots=True)
class DocumentFile:
    """What to send: Telegram's id of the file when it has it, else the file on disk."""

    document: DocumentView
    path: str  # absolute
    telegram_file_id: str | None
