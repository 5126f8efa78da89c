"""«Помощь»: the offices, the contact centre and the common questions, and their imports."""

from __future__ import annotations

from decimal import Decimal

from core.help.distance import kilometres
from core.help.faq_file import parse_faq
from core.help.offices_file import parse_offices
from core.help.views import NearOffice, Office, OfficeKind, Question
from core.ports import UnitOfWorkFactory

DEFAULT_LANGUAGE = "ru"
NEAREST_COUNT = 3


class HelpDesk:
    def __init__(self, uow_factory: UnitOfWorkFactory) -> None:
        self._uow_factory = uow_factory

    async def import_offices(self, text: str) -> int:
        """Replaces the offices with the file's (ImportRejected and nothing changed when a row
        is bad); how many there are now."""
        offices = parse_offices(text)
        rows = [
            {
                "code": office.code,
                "position": position,
                "kind": office.kind.value,
                "name": office.name,
                "address": office.address,
                "hours": office.hours,
                "phone": office.phone,
                "latitude": _decimal(office.latitude),
                "longitude": _decimal(office.longitude),
            }
            for position, office in enumerate(offices)
        ]
        async with self._uow_factory() as uow:
            await uow.helpdesk.replace_offices(rows)
            await uow.commit()
        return len(rows)

    async def import_questions(self, text: str) -> int:
        questions = parse_faq(text)
        rows = [
            {
                "position": position,
                "language": q.language,
                "question": q.question,
                "answer": q.answer,
            }
            for position, q in enumerate(questions)
        ]
        async with self._uow_factory() as uow:
            await uow.helpdesk.replace_questions(rows)
            await uow.commit()
        return len(rows)

    async def offices(self) -> list[Office]:
        async with self._uow_factory() as uow:
            return [
                Office(
                    code=row.code,
                    kind=OfficeKind(row.kind),
                    name=row.name,
                    address=row.address,
                    hours=row.hours,
                    phone=row.phone,
                    latitude=_float(row.latitude),
                    longitude=_float(row.longitude),
                )
                for row in await uow.helpdesk.offices()
            ]

    async def nearest(
        self, latitude: float, longitude: float, count: int = NEAREST_COUNT
    ) -> list[NearOffice]:
        """The offices nearest to a point, nearest first (those with coordinates only)."""
        near = [
            NearOffice(
                office,
                kilometres(latitude, longitude, office.latitude, office.longitude),
            )
            for office in await self.offices()
            if office.kind is OfficeKind.OFFICE
            and office.latitude is not None
            and office.longitude is not None
        ]
        return sorted(near, key=lambda found: found.kilometres)[:count]

    async def questions(self, language: str) -> list[Question]:
        """The questions in `language`, or in Russian when the file has none in it."""
        async with self._uow_factory() as uow:
            rows = await uow.helpdesk.questions(language)
            if not rows and language != DEFAULT_LANGUAGE:
                rows = await uow.helpdesk.questions(DEFAULT_LANGUAGE)
            return [Question(row.id, row.language, row.question, row.answer) for row in rows]

    async def question(self, entry_id: int) -> Question | None:
        async with self._uow_factory() as uow:
            row = await uow.helpdesk.question(entry_id)
            return None if row is None else Question(row.id, row.language, row.question, row.answer)


def _decimal(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)
