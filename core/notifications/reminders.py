"""Reminders: who is told what, and when, in the company's time zone.

- From the readings window's first day until the day before the reminder: «the window is open»
  to every customer with an active linked account and a meter that has no reading for the period
  yet (`window:{period}:{user}`). The first day is the rule; a later day catches up on whoever was
  missed (the bot was down that day, or a customer linked an account since), once a day.
- Two days before the window's last day: a reminder to those with a meter on an active account
  that has no reading for the period yet (`closing:{period}:{user}`). A window shorter than three
  days has no such day and gets no reminder: the opening notice is due on all of its days.
- Every run: what is due of power cuts (`core.outages.notices`): a planned one the day before
  and two hours before, an emergency one at once, a change of its times, its end.
- Every day: a meter whose verification date is within 60 days is announced once per meter and
  date to the customers who have its account (`verification:{meter}:{date}`).

Each notice has a dedup key naming the event, so a scheduler that runs every minute, restarts, or
runs in several processes enqueues each one once. Recipients are read in chunks by the Telegram
identity's id (keyset, no OFFSET) and enqueued a chunk at a time: a handful of statements per
thousands of customers, each chunk its own transaction. On the first day the sweep runs on every
run, as people link accounts all day; a catch-up day is swept once per process, not every minute.

The same run is the cabinet's housekeeping: every run asks the payment gateway about orders left
pending (`Settlement.reconcile`: a payment whose callback was lost is recorded and told all the
same), and the first run of each day purges the one-time codes older than a day
(`core.codes.purge_old_codes`), which can be neither used nor counted any more. The scheduler runs once per cluster; a second purge on the same day elsewhere
(after the lease moved) finds nothing to remove.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from core.clock import Clock
from core.codes import purge_old_codes
from core.enums import NotificationKind, PaymentStatus
from core.notifications.outbox import Outgoing, enqueue_many
from core.outages.notices import OutageNotices
from core.payments.settlement import Settlement
from core.ports import UnitOfWorkFactory
from core.readings.periods import period_of
from core.readings.window import window_of
from core.settings import Settings

REMIND_DAYS_BEFORE_CLOSE = 2
VERIFICATION_NOTICE_DAYS = 60


@dataclass(frozen=True, slots=True)
class WindowNotice:
    kind: NotificationKind
    period: str
    closes_on: date
    catch_up: bool = False  # the opening notice on a later day of the window

    @property
    def payload(self) -> dict[str, str]:
        return {"period": self.period, "closes_on": self.closes_on.isoformat()}

    @property
    def key_prefix(self) -> str:
        return "window" if self.kind is NotificationKind.WINDOW_OPENS else "closing"


def window_notice(today: date, start_day: int, end_day: int) -> WindowNotice | None:
    """The window notice due on `today` (a local date), if any."""
    opens, closes = window_of(today.year, today.month, start_day, end_day)
    if not opens <= today <= closes:
        return None
    reminder_day = closes - timedelta(days=REMIND_DAYS_BEFORE_CLOSE)
    if today == reminder_day and reminder_day > opens:
        return WindowNotice(NotificationKind.WINDOW_CLOSING, period_of(today), closes)
    if today < reminder_day or reminder_day <= opens:
        kind = NotificationKind.WINDOW_OPENS
        return WindowNotice(kind, period_of(today), closes, catch_up=today > opens)
    return None


SETTLED_KIND = {
    PaymentStatus.CONFIRMED: NotificationKind.PAYMENT_CONFIRMED,
    PaymentStatus.DECLINED: NotificationKind.PAYMENT_DECLINED,
}


@dataclass
class ReminderRun:
    enqueued: dict[NotificationKind, int] = field(default_factory=dict)
    purged_codes: int = 0  # one-time codes older than a day, removed by the day's first run

    def add(self, kind: NotificationKind, count: int) -> None:
        self.enqueued[kind] = self.enqueued.get(kind, 0) + count


class Reminders:
    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        clock: Clock,
        settings: Settings,
        chunk: int = 5000,
        *,
        settlement: Settlement | None = None,
    ) -> None:
        self._uow_factory = uow_factory
        self._settlement = settlement
        self._clock = clock
        self._settings = settings
        self._chunk = chunk
        self._caught_up: set[date] = set()  # catch-up days swept to the end by this process
        self._purged_on: date | None = None  # the last day this process purged old codes
        self._outages = OutageNotices(uow_factory, clock, settings, chunk)

    def today(self) -> date:
        return self._clock.now().astimezone(self._settings.tz).date()

    async def run(self) -> ReminderRun:
        """Enqueues whatever is due today and not enqueued yet; the day's first run also purges
        old one-time codes."""
        today = self.today()
        run = ReminderRun()
        notice = window_notice(
            today,
            self._settings.readings_window_start_day,
            self._settings.readings_window_end_day,
        )
        if notice is not None and notice.catch_up and today in self._caught_up:
            run.add(notice.kind, 0)
        elif notice is not None:
            run.add(notice.kind, await self._window(notice))
            if notice.catch_up:
                self._caught_up = {today}
        run.add(NotificationKind.VERIFICATION_DUE, await self._verification(today))
        if self._purged_on != today:
            run.purged_codes = await purge_old_codes(self._uow_factory, self._clock)
            self._purged_on = today
        run.add(NotificationKind.OUTAGE, await self._outages.run())  # core.outages.notices
        if self._settlement is not None:
            for payment in await self._settlement.reconcile():
                run.add(SETTLED_KIND[payment.status], 1)
        return run

    async def _window(self, notice: WindowNotice) -> int:
        after, total = 0, 0
        while True:
            async with self._uow_factory() as uow:
                # Both notices are for those with readings still to send: a customer who sent
                # them before the window opened (they count for this period) is not told.
                chunk = await uow.outbox.recipients_missing_readings(
                    after, self._chunk, notice.kind, notice.period
                )
                if not chunk:
                    return total
                items = [
                    Outgoing(
                        user,
                        telegram,
                        chat,
                        f"{notice.key_prefix}:{notice.period}:{user}",
                        notice.payload,
                    )
                    for user, telegram, chat, _ in chunk
                ]
                total += await enqueue_many(uow, notice.kind, items, self._clock.now())
                await uow.commit()
            after = chunk[-1][3]

    async def _verification(self, today: date) -> int:
        until = today + timedelta(days=VERIFICATION_NOTICE_DAYS)
        kind = NotificationKind.VERIFICATION_DUE
        after, total = 0, 0
        while True:
            async with self._uow_factory() as uow:
                meters = await uow.outbox.meters_due(after, self._chunk, today, until)
                if not meters:
                    return total
                rows = await uow.outbox.verification_recipients(meters, kind)
                items = [
                    Outgoing(
                        user,
                        telegram,
                        chat,
                        f"verification:{meter}:{due.isoformat()}:{user}",
                        {"account_number": number, "serial": serial, "due_on": due.isoformat()},
                    )
                    for meter, serial, due, number, user, telegram, chat in rows
                ]
                total += await enqueue_many(uow, kind, items, self._clock.now())
                await uow.commit()
            after = meters[-1]
