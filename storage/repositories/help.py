"""The offices and the common questions: each list replaced whole by its file's import."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import delete, insert, select

from core.entities.help import FaqEntry, OfficeRecord
from storage.models import faq_entries_table, offices_table
from storage.repositories.base import Repository


class HelpRepository(Repository):
    async def replace_offices(self, rows: Sequence[dict[str, Any]]) -> None:
        await self.session.execute(delete(offices_table))
        await self.session.execute(insert(offices_table), list(rows))

    async def offices(self) -> Sequence[OfficeRecord]:
        query = select(OfficeRecord).order_by(offices_table.c.position)
        return (await self.session.scalars(query)).all()

    async def replace_questions(self, rows: Sequence[dict[str, Any]]) -> None:
        await self.session.execute(delete(faq_entries_table))
        await self.session.execute(insert(faq_entries_table), list(rows))

    async def questions(self, language: str) -> Sequence[FaqEntry]:
        columns = faq_entries_table.c
        query = select(FaqEntry).where(columns.language == language).order_by(columns.position)
        return (await self.session.scalars(query)).all()

    async def question(self, entry_id: int) -> FaqEntry | None:
        return await self.session.get(FaqEntry, entry_id)
