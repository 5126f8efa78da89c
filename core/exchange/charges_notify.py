"""The new-bill notice after a `charges` import, in the import's transaction.

For each account of the file with an active link whose latest period got charges, each holder is
told through `core.notifications.outbox.write_notices` (the rows `notify_user` writes, the same
dedup key, the same switches), with a few queries per batch whatever the number of accounts: the
holders of all the batch's accounts in one, their totals in two, the outbox's own handful.

An account whose rows span two batches is seen twice: its notice, added with the first, gets the
total as it stands after the second.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from core.bills.calendar import period_bounds
from core.enums import NotificationKind
from core.exchange.kind import ImportContext
from core.notifications.outbox import Notice, write_notices
from core.ports import UnitOfWork
from core.ports.bills import Bills


class NewBillNotices:
    def __init__(self, context: ImportContext) -> None:
        self._context = context
        # Per event added by this import: its payload and the outbox keys of its rows.
        self._added: dict[str, tuple[dict[str, Any], list[str]]] = {}

    def begin_pass(self) -> None:
        self._added = {}  # a pass after a rollback starts with none of them in the session

    async def after_batch(self, uow: UnitOfWork, charged: Iterable[tuple[int, str]]) -> int:
        """`charged`: (account id, period) written by the batch. Returns notices added."""
        periods: dict[int, set[str]] = defaultdict(set)
        for account_id, period in charged:
            periods[account_id].add(period)
        bills = uow.bills
        holders = await bills.reachable_holders(list(periods))
        if not holders:
            return 0
        linked = {holder[0] for holder in holders}
        summaries = await bills.charge_summaries(linked)
        due = {
            account_id: latest
            for account_id, (latest, _charged) in summaries.items()
            if latest in periods[account_id]
        }
        totals = await self._totals(bills, due, summaries)
        notices: dict[tuple[str, int], Notice] = {}
        changes: list[tuple[str, dict[str, Any]]] = []
        for account_id, number, user_id in holders:
            if account_id not in due:
                continue
            event = f"bill:{account_id}:{due[account_id]}"
            payload: dict[str, Any] = {
                "account_id": account_id,
                "account_number": number,
                "period": due[account_id],
                "total_kopecks": totals[account_id],
            }
            if event in self._added:
                before, keys = self._added[event]
                if before != payload:
                    changes.extend((key, payload) for key in keys)
                    self._added[event] = (payload, keys)
                continue
            notices[event, user_id] = Notice(user_id, NotificationKind.NEW_BILL, payload, event)
        added = await write_notices(uow.outbox, list(notices.values()), self._context.now)
        for (event, _user_id), notice in notices.items():
            if event in added:
                self._added[event] = (notice.payload, added[event])
        await bills.change_outbox_payloads(changes)
        return sum(len(keys) for keys in added.values())

    async def _totals(
        self, bills: Bills, due: dict[int, str], summaries: dict[int, tuple[str, int]]
    ) -> dict[int, int]:
        """The latest period is the last: its total is all charged − all paid before its end."""
        by_period: dict[str, list[int]] = defaultdict(list)
        for account_id, period in due.items():
            by_period[period].append(account_id)
        totals: dict[int, int] = {}
        for period, account_ids in by_period.items():  # one period per file, as a rule
            _start, end = period_bounds(period, self._context.tz)
            paid = await bills.confirmed_paid_totals(account_ids, end)
            for account_id in account_ids:
                totals[account_id] = summaries[account_id][1] - paid.get(account_id, 0)
        return totals
