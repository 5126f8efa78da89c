"""The repository of the offices and the common questions, each replaced whole by its file."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from core.entities.help import FaqEntry, OfficeRecord


class Help(Protocol):
    async def replace_offices(self, rows: Sequence[dict[str, Any]]) -> None: ...

    async def offices(self) -> Sequence[OfficeRecord]: ...

    async def replace_questions(self, rows: Sequence[dict[str, Any]]) -> None: ...

    async def questions(self, language: str) -> Sequence[FaqEntry]: ...

    async def question(self, entry_id: int) -> FaqEntry | None: ...
