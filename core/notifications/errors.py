"""What can go wrong with notifications, in words a front end can translate."""

from __future__ import annotations

from core.errors import CabinetError


class BroadcastTooLong(CabinetError):
    code = "broadcast_too_long"

    def __init__(self, limit: int) -> None:
        super().__init__(f"A broadcast is at most {limit} characters", limit=limit)
