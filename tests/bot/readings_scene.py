"""Scenes for the readings and history dialogs: accounts with one-, two- and three-zone meters
and their history."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.core.accounts.seed import Seed

SEPTEMBER = datetime(2026, 9, 20, 9, 0, tzinfo=UTC)
OCTOBER = datetime(2026, 10, 20, 9, 0, tzinfo=UTC)
TARIFF = "6.47"
NBSP = "\u202f"  # thousands are separated by a narrow no-break space

READINGS_BUTTONS = {"📟 Передать показания", "📟 Send readings"}
HISTORY_BUTTONS = {"📜 История", "📜 History"}


async def meter_with_history(
    seed: Seed,
    account_id: int,
    serial: str,
    zones: dict[str, tuple[str, str]],
    digits: int = 5,
    decimals: int = 0,
) -> int:
    """A meter whose zones read `zones[zone] = (September, October)` values, both accepted."""
    meter = await seed.meter(
        account_id, serial=serial, digits=digits, decimals=decimals, zones=";".join(zones)
    )
    for zone, (september, october) in zones.items():
        await seed.reading(meter, september, SEPTEMBER, "2026-09", zone=zone, consumption="150")
        used = str(int(october) - int(september))
        await seed.reading(meter, october, OCTOBER, "2026-10", zone=zone, consumption=used)
    return meter


# A JPEG's first bytes with a frame header (the emulator reads the size from it).
JPEG = b"\xff\xd8\xff\xc0\x00\x11\x08\x01\xe0\x02\x80\x03" + b"\x00" * 64
