"""The photo of the meter a reading was sent with, for its account's history."""

from __future__ import annotations

from core.errors import CabinetError
from core.ports import UnitOfWorkFactory


class ReadingPhotoNotFound(CabinetError):
    code = "reading_photo_not_found"

    def __init__(self, reading_id: int) -> None:
        super().__init__(f"Reading {reading_id} has no photo here", reading_id=reading_id)


async def photo_of_reading(uow_factory: UnitOfWorkFactory, account_id: int, reading_id: int) -> str:
    """The stored path (relative to FILES_DIR). Callers check the account's owner first."""
    async with uow_factory() as uow:
        reading = await uow.readings.of_account(reading_id, account_id)
        path = reading.photo_path if reading is not None else None
    if path is None:
        raise ReadingPhotoNotFound(reading_id)
    return path
