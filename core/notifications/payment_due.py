"""«Оплатите до 10-го»: customers whose account still owes something are reminded before the
month's payment deadline (`PAYMENT_DUE_DAY`, the 10th by default).

From `PAYMENT_REMINDER_DAYS_BEFORE` days before the deadline until the day before it, once a day
per process, every reachable chat of a user with an active linked account whose debt (charged in
all periods minus confirmed payments, `core.payments.debts`) is above zero gets one reminder per
account, with the amount owed then (`payment_due:{deadline}:{account}:{user}`: once a month, however
often it runs and on however many workers). A customer who has paid by the time of the sweep is
not reminded; one who switched the kind off in «Уведомления» neither."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from core.clock import Clock
from core.enums import NotificationKind
from core.notifications.outbox import Outgoing, enqueue_many
from core.payments.debts import debts_per_service
from core.ports import UnitOfWorkFactory
from core.settings import Settings

KIND = NotificationKind.PAYMENT_DUE


@dataclass(frozen=True, slots=True)
class DueWindow:
    deadline: date
    first_day: date


def due_window(today: date, due_day: int, days_before: int) -> DueWindow | None:
    """This month's reminder days, when `today` is one of them."""
    deadline = today.replace(day=due_day)
    first_day = deadline.replace(day=due_day - days_before)
    return DueWindow(deadline, first_day) if first_day <= today < deadline else None


class PaymentDueReminders:
    def __init__(
        self, uow_factory: UnitOfWorkFactory, clock: Clock, settings: Settings, chunk: int
    ) -> None:
        self._uow_factory = uow_factory
        self._clock = clock
        self._settings = settings
        self._chunk = chunk
        self._swept_on: date | None = None

    async def run(self, today: date) -> int:
        """Enqueues today's reminders (the first run of a reminder day; later runs that day find
        nothing new to do). How many were enqueued."""
        window = due_window(
            today, self._settings.payment_due_day, self._settings.payment_reminder_days_before
        )
        if window is None or self._swept_on == today:
            return 0
        total = await self._sweep(window.deadline)
        self._swept_on = today
        return total

    async def _sweep(self, deadline: date) -> int:
        after, total = 0, 0
        while True:
            async with self._uow_factory() as uow:
                chunk = await uow.outbox.linked_recipients(after, self._chunk, KIND.value)
                if not chunk:
                    return total
                users = {user for user, _telegram, _chat, _identity in chunk}
                accounts = await uow.accounts.active_accounts_of(users)
                debts = await debts_per_service(uow, list({a for _u, a, _n in accounts}))
                owing: dict[int, list[tuple[int, str, int]]] = defaultdict(list)
                for holder, account, number in accounts:
                    owed = sum(debt.debt_kopecks for debt in debts.get(account, []))
                    if owed > 0:
                        owing[holder].append((account, number, owed))
                items = [
                    Outgoing(
                        user,
                        telegram,
                        chat,
                        f"payment_due:{deadline.isoformat()}:{account}:{user}",
                        {
                            "account_id": account,
                            "account_number": number,
                            "debt_kopecks": owed,
                            "due_on": deadline.isoformat(),
                        },
                    )
                    for user, telegram, chat, _identity in chunk
                    for account, number, owed in owing.get(user, [])
                ]
                total += await enqueue_many(uow, KIND, items, self._clock.now())
                await uow.commit()
            after = chunk[-1][3]
