"""Documents of accounts, kept as PDF files."""

from __future__ import annotations

from datetime import date, datetime

from core.entities.entity import Entity


class Document(Entity):
    """A document of an account (a contract, an act, a letter) as a PDF under `FILES_DIR`."""

    id: int
    account_id: int
    external_id: str | None  # billing's id; None for one staff attached
    source: str  # billing | staff
    kind: str  # contract | act | letter | other
    title: str
    issued_on: date
    file_name: str
    file_path: str  # relative to FILES_DIR
    telegram_file_id: str | None  # Telegram's id of the file once sent
    created_at: datetime
