"""«/outage» in the staff group: a staff member describes a power cut step by step, sees how
many customers it reaches, and sends it. The answers so far are `OutageDialogData`, kept in the
FSM data as JSON under `DATA_KEY`."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any

from aiogram.fsm.state import State, StatesGroup

DATA_KEY = "outage"


class OutageDialog(StatesGroup):
    kind = State()  # planned or emergency, on buttons
    branch = State()  # the accounts' branches on buttons
    locality = State()
    street = State()  # «-» for none
    houses = State()  # 1-15, 2-20 чёт, 7а, все
    starts_at = State()  # ДД.ММ.ГГГГ ЧЧ:ММ, or «сейчас»
    ends_at = State()
    reason = State()  # «-» for none
    confirm = State()  # the preview with the reach: «Отправить» / «Отмена»


@dataclass
class OutageDialogData:
    kind: str | None = None
    branches: list[str] = field(default_factory=list)  # as offered (buttons carry the index)
    branch: str | None = None
    locality: str | None = None
    street: str | None = None
    houses: str | None = None
    starts_at: str | None = None  # ISO 8601, UTC
    ends_at: str | None = None
    reason: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {DATA_KEY: asdict(self)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> OutageDialogData:
        stored = data.get(DATA_KEY) or {}
        known = {f.name for f in fields(cls)}
        return cls(**{key: value for key, value in stored.items() if key in known})
