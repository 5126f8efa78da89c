"""Bills (квитанции) of a period."""

from __future__ import annotations

from datetime import datetime

from core.entities.entity import Entity


class Bill(Entity):
    """A bill (квитанция) of a period: the figures it was built from and the PDF file."""

    id: int
    account_id: int
    period: str
    charged_kopecks: int
    debt_before_kopecks: int
    paid_kopecks: int
    total_kopecks: int
    file_path: str | None
    created_at: datetime
