"""What every dialog's typed data shares: a frozen dataclass per dialog, read from the FSM data
and written back as JSON-safe values (decimals as strings, dates ISO 8601) in one place, and the
error for data the code cannot read (saved by an older version, or by none), which the errors
router answers by starting the customer over politely."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Generic, TypeVar

from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State
from pydantic import TypeAdapter, ValidationError

from bot.fsm.step import save_step

Dialog = TypeVar("Dialog")


class DialogDataLost(Exception):
    """The FSM data does not have the shape this dialog keeps (`bot.handlers.common.errors`
    clears the dialog and says to begin again)."""


class DialogCodec(Generic[Dialog]):
    """Reads and saves one dialog's dataclass. Keys it does not know are ignored, a key missing
    takes its default; a value of the wrong kind, or a key needed with no default, is
    `DialogDataLost`."""

    def __init__(self, kind: type[Dialog]) -> None:
        self._kind = kind
        self._adapter = TypeAdapter(kind)

    def of(self, data: Mapping[str, Any]) -> Dialog:
        try:
            return self._adapter.validate_python(dict(data))
        except ValidationError as wrong:
            raise DialogDataLost(f"{self._kind.__name__}: {wrong}") from wrong

    def to_data(self, dialog: Dialog, *, ended: bool = False) -> dict[str, Any]:
        """JSON-safe values under the dialog's keys. A dialog that has `ended` keeps only what
        differs from a fresh one (nothing, or its last word), so the next starts clean."""
        data: dict[str, Any] = self._adapter.dump_python(
            dialog, mode="json", exclude_defaults=ended
        )
        return data

    async def load(self, state: FSMContext) -> Dialog:
        return self.of(await state.get_data())

    async def save(self, state: FSMContext, step: State | None, dialog: Dialog) -> None:
        """The step and the dialog's data in one write (`bot.fsm.step`); no step ends it."""
        await save_step(state, step, self.to_data(dialog, ended=step is None))

    async def keep(self, state: FSMContext, dialog: Dialog) -> None:
        """The data alone, in the step the dialog is in."""
        await state.set_data(self.to_data(dialog))
