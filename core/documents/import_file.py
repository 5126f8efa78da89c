"""The documents file from billing (CSV, UTF-8, a header row), naming PDF files beside it.

    account_number,document_id,kind,title,issued_on,file

`document_id` is billing's, unique; `kind` is contract, act, letter or other; `issued_on` is
ISO 8601 (2026-01-31); `file` is the PDF's path relative to the CSV file's folder. The same
`document_id` again updates the document (its title, kind, date or file). A bad row (an unknown
account, a missing file, a file that is not a PDF) loads nothing and is named by its line."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from core.documents.store import check_pdf
from core.documents.views import DocumentKind
from core.errors import CabinetError
from core.exchange.csv_source import read_csv
from core.exchange.problems import RowProblem

COLUMNS = ("account_number", "document_id", "kind", "title", "issued_on", "file")
DOCUMENT_ID = re.compile(r"[0-9A-Za-zА-Яа-яЁё_./-]{1,60}")
ACCOUNT_NUMBER = re.compile(r"[0-9]{6,20}")
TITLE_LIMIT = 200


@dataclass(frozen=True, slots=True)
class DocumentRow:
    line: int
    account_number: str
    document_id: str
    kind: DocumentKind
    title: str
    issued_on: date
    file: Path
    content: bytes


class RowError(ValueError):
    pass


def read_rows(csv_path: Path) -> tuple[list[DocumentRow], list[RowProblem]]:
    """The rows with their files read, and what is wrong with the others."""
    found: list[DocumentRow] = []
    problems: list[RowProblem] = []
    seen: set[str] = set()
    for row in read_csv(csv_path, COLUMNS):
        if isinstance(row, RowProblem):
            problems.append(row)
            continue
        line, values = row
        try:
            document = _row(line, values, csv_path.parent)
            if document.document_id in seen:
                raise RowError(f"document_id {document.document_id!r} is given twice")
        except RowError as error:
            problems.append(RowProblem(line, str(error)))
            continue
        seen.add(document.document_id)
        found.append(document)
    return found, problems


def _row(line: int, values: Sequence[str], folder: Path) -> DocumentRow:
    number, document_id, kind, title, issued, file = (value.strip() for value in values)
    if not ACCOUNT_NUMBER.fullmatch(number):
        raise RowError("account_number: 6 to 20 digits")
    if not DOCUMENT_ID.fullmatch(document_id):
        raise RowError("document_id: 1 to 60 letters, digits, '_', '.', '/', '-'")
    try:
        document_kind = DocumentKind(kind)
    except ValueError:
        raise RowError("kind: contract, act, letter or other") from None
    if not title or len(title) > TITLE_LIMIT:
        raise RowError(f"title: 1 to {TITLE_LIMIT} characters")
    try:
        issued_on = date.fromisoformat(issued)
    except ValueError:
        raise RowError("issued_on: a date like 2026-01-31") from None
    path = (folder / file).resolve()
    if not file or not path.is_relative_to(folder.resolve()):
        raise RowError("file: a path inside the CSV file's folder")
    try:
        content = path.read_bytes()
    except OSError:
        raise RowError(f"file: {file} cannot be read") from None
    try:
        check_pdf(content)
    except CabinetError as refused:
        raise RowError(f"file: {file}: {refused}") from None
    return DocumentRow(
        line, number, document_id, document_kind, title, issued_on, Path(file), content
    )
