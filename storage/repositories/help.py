"""The offices and the common questions: each list replaced whole by its file's import."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import delete, insert, select

from storage.models import FaqEntry, OfficeRow
from storage.repositories.base import Repository


class HelpRepository(Repository):
    async def replace_offices(self, rows: Sequence[dict[str, Any]]) -> None:
        await self.session.execute(delete(OfficeRow))
        await self.session.execute(insert(OfficeRow), list(rows))

    async def offices(self) -> Sequence[OfficeRow]:
        return (await self.session.scalars(select(OfficeRow).order_by(OfficeRow.position))).all()

    async def replace_questions(self, rows: Sequence[dict[str, Any]]) -> None:
        await self.session.execute(delete(FaqEntry))
        await self.session.execute(insert(FaqEntry), list(rows))

    async def questions(self, language: str) -> Sequence[FaqEntry]:
        query = select(FaqEntry).where(FaqEntry.language == language).order_by(FaqEntry.position)
        return (await self.session.scalars(query)).all()

    async def question(self, entry_id: int) -> FaqEntry | None:
        return await self.session.get(FaqEntry, entry_id)
