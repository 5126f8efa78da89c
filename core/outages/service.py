"""Outages as the bot uses them: the customer's own («Отключения»), and staff posting one."""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

from core.clock import Clock
from core.entities.outages import Outage
from core.errors import CabinetError
from core.outages.address import house_key, in_place, parse_houses, place_of
from core.outages.notices import OutageNotices
from core.outages.views import (
    OutageDraft,
    OutageKind,
    OutageSource,
    OutageStatus,
    OutageView,
    Reach,
    place_text,
)
from core.ports import UnitOfWorkFactory
from core.settings import Settings

_LOCAL_TIME = re.compile(
    r"^\s*([0-9]{1,2})\.([0-9]{1,2})\.([0-9]{4})\s+([0-9]{1,2})[:.]([0-9]{2})\s*$"
)


class OutageTimeInvalid(CabinetError):
    code = "outage_time_invalid"


def parse_time(text: str, tz: ZoneInfo) -> datetime:
    """A moment as people and files write it: «20.11.2026 09:00» or ISO 8601
    («2026-11-20 09:00», «2026-11-20T09:00+03:00»); without an offset it is in `tz`."""
    value = text.strip()
    local = _LOCAL_TIME.match(value)
    try:
        if local:
            day, month, year, hour, minute = (int(part) for part in local.groups())
            moment = datetime(year, month, day, hour, minute)
        else:
            if len(value) < 16 or value[4] != "-" or value[7] != "-":
                raise ValueError(value)
            moment = datetime.fromisoformat(value)
    except ValueError:
        raise OutageTimeInvalid(
            f"{value!r} is not a time like 20.11.2026 09:00 or 2026-11-20 09:00", value=value
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=tz)
    return moment.astimezone(ZoneInfo("UTC"))


class Outages:
    def __init__(self, uow_factory: UnitOfWorkFactory, clock: Clock, settings: Settings) -> None:
        self._uow_factory = uow_factory
        self._clock = clock
        self._settings = settings
        self.notices = OutageNotices(uow_factory, clock, settings)

    async def branches(self) -> list[str]:
        async with self._uow_factory() as uow:
            return await uow.outages.branches()

    async def reach(self, draft: OutageDraft) -> Reach:
        place = place_of(draft.locality, draft.street, draft.houses)
        async with self._uow_factory() as uow:
            accounts, customers = await uow.outages.reach(draft.branch, place)
        return Reach(accounts, customers)

    async def post(self, draft: OutageDraft, external_id: str, staff_id: int) -> tuple[int, int]:
        """Keeps a staff member's outage and tells what is due of it at once (an emergency);
        returns its id and the notices enqueued. Posting the same `external_id` again (a
        second press) changes nothing."""
        parse_houses(draft.houses)
        now = self._clock.now()
        async with self._uow_factory() as uow:
            outages = uow.outages
            known = await outages.by_external_ids([external_id])
            if external_id in known:
                return known[external_id].id, 0
            outage = new_outage(draft, external_id, OutageSource.STAFF, now)
            outage.created_by = staff_id
            await outages.add(outage)
            outage_id = outage.id
            await uow.commit()
        return outage_id, await self.notices.run_one(outage_id)

    async def restore(self, outage_id: int) -> int:
        """Staff say the power is back: the outage ends now and its customers are told."""
        now = self._clock.now()
        async with self._uow_factory() as uow:
            outage = await uow.outages.get(outage_id)
            if outage is None or outage.status != OutageStatus.ACTIVE.value:
                return 0
            close(outage, now)
            await uow.commit()
        return await self.notices.run_one(outage_id)

    async def for_user(self, user_id: int) -> list[OutageView]:
        """The current and coming outages at the addresses of the user's linked accounts."""
        now = self._clock.now()
        async with self._uow_factory() as uow:
            outages = uow.outages
            addresses = await outages.linked_addresses(user_id)
            found = await outages.current_in(
                {a.addr_locality for a in addresses if a.addr_locality}, now
            )
            views: list[OutageView] = []
            for outage in found:
                place = place_of(outage.locality, outage.street, outage.houses)
                numbers = tuple(
                    address.number
                    for address in addresses
                    if address.branch == outage.branch
                    and in_place(
                        place,
                        address.locality,
                        address.street,
                        house_key(address.house, address.letter),
                    )
                )
                if numbers:
                    views.append(view_of(outage, numbers))
        return views


def new_outage(draft: OutageDraft, external_id: str, source: OutageSource, now: datetime) -> Outage:
    place = place_of(draft.locality, draft.street, draft.houses)
    return Outage(
        external_id=external_id,
        source=source.value,
        kind=draft.kind.value,
        branch=draft.branch,
        locality=draft.locality,
        street=draft.street,
        houses=draft.houses,
        locality_key=place.locality,
        street_key=place.street,
        starts_at=draft.starts_at,
        ends_at=draft.ends_at,
        reason=draft.reason,
        status=OutageStatus.ACTIVE.value,
        told_closed=False,
        created_at=now,
        updated_at=now,
    )


def close(outage: Outage, now: datetime) -> None:
    """The outage is over at `now`: called off before its start, or the power back after it
    (silently ended when its end time had passed anyway)."""
    if now < outage.starts_at:
        outage.status = OutageStatus.CANCELLED.value
    elif now < outage.ends_at:
        outage.status = OutageStatus.RESTORED.value
    else:
        outage.status = OutageStatus.ENDED.value
    outage.closed_at = now
    outage.updated_at = now


def view_of(outage: Outage, accounts: tuple[str, ...] = ()) -> OutageView:
    return OutageView(
        id=outage.id,
        kind=OutageKind(outage.kind),
        place=place_text(outage.locality, outage.street, outage.houses),
        starts_at=outage.starts_at,
        ends_at=outage.ends_at,
        reason=outage.reason,
        accounts=accounts,
    )
