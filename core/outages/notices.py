"""Telling customers of outages: who, what and when; run by the reminder scheduler, after an
import of the grid company's file and when staff post one.

- A planned cut is told `OUTAGE_NOTICE_HOURS_BEFORE` (24) hours before it starts («day»), and
  again `OUTAGE_REMINDER_HOURS_BEFORE` (2) hours before («soon»). One learnt of later than that
  (a late file) is told at once, with the stage it is in («started» when it is on already); only
  the latest due stage is sent.
- An emergency cut is told at once («emergency»), while it lasts.
- Once a stage has been told, a change of its start or end is told to the same place's
  customers («changed», once per pair of times), and so is its end: called off before it
  started («cancelled») or the power back («restored»). Nothing is told of an outage no one
  has heard of yet, nor after its end time has passed. When an update moves the outage to
  other houses, its current stage is told again: the keys let only the customers new to it
  hear it.

Each notice has a key naming the event (`outage:{id}:{stage}`, `outage:{id}:times:{start}:
{end}`, `outage:{id}:{cancelled|restored}`, each followed by the user), so a pass repeated by the
scheduler, a restart or another process enqueues each once; what was told is also kept on the
outage (`told_*`), so a pass does not look for recipients again once a stage is done.
Recipients are the reachable chats of customers with an active link to an account at the place
who have not switched «Отключения» off, read by the address index in chunks of identities.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from core.clock import Clock
from core.entities.outages import Outage
from core.enums import NotificationKind
from core.notifications.outbox import Outgoing, enqueue_many
from core.outages.address import parse_houses, place_of
from core.outages.views import OutageKind, OutageStatus, place_text
from core.ports import UnitOfWorkFactory
from core.settings import Settings

DAY, SOON, STARTED, EMERGENCY = "day", "soon", "started", "emergency"
_ORDER = {None: 0, DAY: 1, SOON: 2, STARTED: 2, EMERGENCY: 2}


def due_stage(outage: Outage, now: datetime, settings: Settings) -> str | None:
    """The stage of the outage's notice due at `now`, if any."""
    if now >= outage.ends_at:
        return None
    if outage.kind == OutageKind.EMERGENCY.value:
        return EMERGENCY
    if now >= outage.starts_at:
        return STARTED  # learnt of late: it is on already
    if now >= outage.starts_at - timedelta(hours=settings.outage_reminder_hours_before):
        return SOON
    if now >= outage.starts_at - timedelta(hours=settings.outage_notice_hours_before):
        return DAY
    return None


class OutageNotices:
    def __init__(
        self, uow_factory: UnitOfWorkFactory, clock: Clock, settings: Settings, chunk: int = 5000
    ) -> None:
        self._uow_factory = uow_factory
        self._clock = clock
        self._settings = settings
        self._chunk = chunk

    async def run(self) -> int:
        """Enqueues whatever is due of every outage; returns how many notices were new."""
        async with self._uow_factory() as uow:
            ids = await uow.outages.needing_attention(self._clock.now())
        total = 0
        for outage_id in ids:
            total += await self.run_one(outage_id)
        return total

    async def run_one(self, outage_id: int) -> int:
        async with self._uow_factory() as uow:
            outages = uow.outages
            outage = await outages.get(outage_id)
            if outage is None:
                return 0
            now = self._clock.now()
            event, key = self._event(outage, now)
            if event is None:
                return 0
            payload = self._payload(outage, event)
            place = place_of(outage.locality, outage.street, outage.houses)
            kind = NotificationKind.OUTAGE
            after, total = 0, 0
            while True:
                chunk = await outages.recipients(
                    outage.branch, place, kind.value, after, self._chunk
                )
                if not chunk:
                    break
                items = [
                    Outgoing(user, telegram, chat, f"{key}:{user}", payload)
                    for user, telegram, chat, _ in chunk
                ]
                total += await enqueue_many(uow, kind, items, now)
                after = chunk[-1][3]
            self._told(outage, event, now)
            await uow.commit()
            return total

    def _event(self, outage: Outage, now: datetime) -> tuple[str | None, str]:
        if outage.status != OutageStatus.ACTIVE.value:
            if outage.told_stage is None or outage.told_closed:
                return None, ""
            return outage.status, f"outage:{outage.id}:{outage.status}"
        stage = due_stage(outage, now, self._settings)
        if stage is not None and _ORDER[stage] > _ORDER[outage.told_stage]:
            return stage, f"outage:{outage.id}:{stage}"
        if outage.told_stage is None or now >= outage.ends_at:
            return None, ""
        if (outage.told_starts_at, outage.told_ends_at) != (outage.starts_at, outage.ends_at):
            start, end = int(outage.starts_at.timestamp()), int(outage.ends_at.timestamp())
            return "changed", f"outage:{outage.id}:times:{start}:{end}"
        return None, ""

    def _told(self, outage: Outage, event: str, now: datetime) -> None:
        if event in (OutageStatus.CANCELLED.value, OutageStatus.RESTORED.value):
            outage.told_closed = True
            return
        if event != "changed":
            outage.told_stage = event
        outage.told_starts_at = outage.starts_at
        outage.told_ends_at = outage.ends_at
        outage.updated_at = now

    def _payload(self, outage: Outage, event: str) -> dict[str, Any]:
        tz = self._settings.tz
        parse_houses(outage.houses)  # kept only when it parses: a guard, not a surprise
        return {
            "outage_id": outage.id,
            "event": event,
            "kind": outage.kind,
            "place": place_text(outage.locality, outage.street, outage.houses),
            "starts_at": outage.starts_at.astimezone(tz).isoformat(),
            "ends_at": outage.ends_at.astimezone(tz).isoformat(),
            "reason": outage.reason,
        }
