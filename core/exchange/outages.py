"""`outages` file: the grid company's schedule of power cuts, keyed by its `outage_id`.

The file is the whole schedule: a new id is a new outage, a known one with other values is
updated (a new end time is then told to its customers), and an outage of an earlier file that
this one no longer names is over — called off when it had not started, the power back when it
had (`core.outages.service.close`). Customers are told by `core.outages.notices` once the
import is committed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime
from typing import NamedTuple

from core.entities.entity import Entity
from core.entities.outages import Outage
from core.exchange.fields import FieldError, Text, TextColumns, required_choice
from core.exchange.kind import Batch, ImportContext, LoadState
from core.exchange.problems import RowProblem
from core.outages.address import HousesError, parse_houses
from core.outages.service import OutageTimeInvalid, close, new_outage, parse_time
from core.outages.views import OutageDraft, OutageKind, OutageSource, OutageStatus
from core.ports import UnitOfWork

COLUMNS = (
    "outage_id",
    "kind",
    "branch",
    "locality",
    "street",
    "houses",
    "starts_at",
    "ends_at",
    "reason",
)
OUTAGE_ID = re.compile(r"[0-9A-Za-zА-Яа-яЁё_./-]{1,60}")

TEXT_COLUMNS = TextColumns(
    Text("branch", 150, required=True),
    Text("locality", 150, required=True),
    Text("street", 150, required=False),
    Text("houses", 500, required=True),
    Text("reason", 1000, required=False),
)


class OutageRecord(NamedTuple):
    outage_id: str
    draft: OutageDraft


class OutagesKind:
    name: str = "outages"
    columns: tuple[str, ...] = COLUMNS
    entity: type[Entity] = Outage

    def __init__(self, context: ImportContext) -> None:
        self.context = context
        self._seen: set[str] = set()
        self._branches: set[str] | None = None

    def begin_pass(self) -> None:
        self._seen = set()

    def parse(self, values: Sequence[str]) -> OutageRecord:
        outage_id = values[0].strip()
        if not OUTAGE_ID.fullmatch(outage_id):
            raise FieldError(f"outage_id {outage_id!r} is not 1-60 letters, digits or ._/-")
        kind = required_choice(values[1], "kind", OutageKind)
        branch, locality, street, houses, reason = TEXT_COLUMNS.parse(
            [values[2], values[3], values[4], values[5], values[8]]
        )
        assert branch is not None and locality is not None and houses is not None
        try:
            parse_houses(houses)
        except HousesError as error:
            raise FieldError(str(error)) from None
        starts_at = _time(values[6], "starts_at", self.context)
        ends_at = _time(values[7], "ends_at", self.context)
        if ends_at <= starts_at:
            raise FieldError("ends_at is not after starts_at")
        draft = OutageDraft(kind, branch, locality, street, houses, starts_at, ends_at, reason)
        return OutageRecord(outage_id, draft)

    def key(self, record: OutageRecord) -> str:
        return record.outage_id

    async def load(
        self, uow: UnitOfWork, batch: Batch[OutageRecord], state: LoadState
    ) -> list[RowProblem]:
        outages = uow.outages
        if self._branches is None:
            self._branches = set(await outages.branches())
        problems = [
            RowProblem(line, f"branch {record.draft.branch!r} is not the branch of any account")
            for line, record in batch.numbered()
            if record.draft.branch not in self._branches
        ]
        self._seen.update(record.outage_id for record in batch.records)
        if problems or not state.writing:
            return problems
        now = self.context.now
        existing = await outages.by_external_ids([r.outage_id for r in batch.records])
        for record in batch.records:
            outage = existing.get(record.outage_id)
            if outage is None:
                fresh = new_outage(record.draft, record.outage_id, OutageSource.IMPORT, now)
                if fresh.ends_at <= now:
                    close(fresh, now)  # a cut already over when first heard of: kept, not told
                await outages.add(fresh)
                state.counts.inserted += 1
            elif _update(outage, record.draft, now):
                state.counts.updated += 1
            else:
                state.counts.unchanged += 1
        return []

    async def finish(self, uow: UnitOfWork, state: LoadState) -> None:
        """Outages of earlier files this one no longer names are over."""
        for outage in await uow.outages.open_imported():
            if outage.external_id not in self._seen:
                close(outage, self.context.now)
                state.counts.cancelled += 1


def _update(outage: Outage, draft: OutageDraft, now: datetime) -> bool:
    fresh = new_outage(draft, outage.external_id, OutageSource.IMPORT, now)
    fields = (
        "kind", "branch", "locality", "street", "houses", "locality_key", "street_key",
        "starts_at", "ends_at", "reason",
    )  # fmt: skip
    if all(getattr(outage, name) == getattr(fresh, name) for name in fields):
        return False
    moved = any(
        getattr(outage, name) != getattr(fresh, name)
        for name in ("branch", "locality_key", "street_key", "houses")
    )
    for name in fields:
        setattr(outage, name, getattr(fresh, name))
    outage.updated_at = now
    if moved and outage.told_stage is not None:
        # Other houses: the stage is told again, and its keys keep those told from hearing twice.
        outage.told_stage = None
    if outage.status == OutageStatus.ACTIVE.value and outage.ends_at <= now:
        # The end moved to the past: the power came back then.
        outage.status = (
            OutageStatus.RESTORED.value if outage.starts_at <= now else OutageStatus.CANCELLED.value
        )
        outage.closed_at = outage.ends_at
    return True


def _time(value: str, column: str, context: ImportContext) -> datetime:
    if not value.strip():
        raise FieldError(f"{column} is empty")
    try:
        return parse_time(value, context.tz)
    except OutageTimeInvalid:
        raise FieldError(
            f"{column} {value.strip()!r} is not a time YYYY-MM-DD HH:MM (in TIMEZONE)"
        ) from None
