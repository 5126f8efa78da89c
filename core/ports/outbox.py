"""The repository of outgoing notifications and whom they go to."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import Any, Protocol

from core.entities.outbox import OutboxMessage

# (user id, telegram user id, chat id, telegram identity id)
Recipient = tuple[int, int, int, int]


class Outbox(Protocol):
    async def existing_keys(self, keys: list[str]) -> set[str]: ...

    async def reachable_chats_of(self, user_ids: Iterable[int]) -> list[tuple[int, int, int]]:
        """(user id, telegram user id, chat id) of every Telegram account signed in as one of the
        users that has not blocked the bot."""
        ...

    async def add_many(self, rows: list[dict[str, Any]]) -> None:
        """One executemany for a chunk of new rows (keys already checked by the caller)."""
        ...

    async def due_ids(self, now: datetime, limit: int) -> list[int]: ...

    async def take_lease(self, ids: Sequence[int], now: datetime, lease_until: datetime) -> int:
        """Leases those of `ids` still pending and unleased; returns how many it leased."""
        ...

    async def leased(self, ids: Sequence[int], lease_until: datetime) -> list[OutboxMessage]: ...

    async def languages(self, user_ids: Iterable[int]) -> dict[int, str]: ...

    async def switched_off_pairs(self, user_ids: Iterable[int]) -> set[tuple[int, str]]:
        """(user id, kind) of the given users' switched-off kinds."""
        ...

    async def finish(self, message_id: int, lease_until: datetime, values: dict[str, Any]) -> bool:
        """Writes an outcome to a row this sender still holds; False when it no longer does."""
        ...

    async def renew_leases(self, held: Mapping[int, datetime], lease_until: datetime) -> set[int]:
        """Moves every row of `held` (row id -> the lease it is held under) still held so to the
        lease `lease_until`, in one UPDATE; the ids of the rows that are now held under it."""
        ...

    async def release(self, ids: Sequence[int], lease_until: datetime) -> None: ...

    async def block_chat(self, chat_id: int, now: datetime, error: str) -> int:
        """The chat blocked the bot: its identities are marked, its pending rows skipped."""
        ...

    async def skip_pending(self, user_id: int, kind: str) -> None: ...

    async def switched_off(self, user_id: int) -> set[str]: ...

    async def set_preference(self, user_id: int, kind: str, enabled: bool) -> None: ...

    async def linked_recipients(
        self, after_identity: int, limit: int, kind: str | None, branch: str | None = None
    ) -> list[Recipient]:
        """Reachable chats of users with an active linked account (in `branch` when given)
        who have not switched `kind` off."""
        ...

    async def count_linked_recipients(self, branch: str | None) -> int:
        """How many chats `linked_recipients` walks through (with no `kind`), in one count."""
        ...

    async def recipients_missing_readings(
        self, after_identity: int, limit: int, kind: str, period: str
    ) -> list[Recipient]:
        """As `linked_recipients`, for users with a meter on an active account that has no
        reading (other than a rejected one) for `period`."""
        ...

    async def meters_due(self, after_meter: int, limit: int, today: date, until: date) -> list[int]:
        """Ids of meters whose verification falls between `today` and `until`, in id order."""
        ...

    async def verification_recipients(
        self, meter_ids: Sequence[int], kind: str
    ) -> list[tuple[int, str, date, str, int, int, int]]:
        """(meter id, serial, due date, account number, user id, telegram user id, chat id): one
        row per reachable chat of a user who has the meter's account linked."""
        ...

    async def branches(self) -> list[str]: ...
