"""Time as the emulator sees it: always aware UTC, replaceable in tests.

The emulator is a separate tool and imports nothing of the cabinet, so it has its own clock
protocol. Any object with a ``now()`` returning an aware datetime fits (the cabinet's clocks do).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime: ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)
