from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import delete

from core.clock import FrozenClock
from core.codes import issue_code
from core.entities.meters import Meter
from core.enums import CodePurpose, NotificationKind, ReadingStatus
from core.notifications.preferences import NotificationPreferences
from core.notifications.reminders import Reminders, WindowNotice, window_notice
from storage.models import meters_table
from storage.uow import UnitOfWorkFactory
from tests.core.accounts.seed import settings
from tests.core.notifications.conftest import People


def test_the_calendar_of_window_notices() -> None:
    assert window_notice(date(2026, 12, 15), 15, 25) is not None
    opens = window_notice(date(2026, 12, 15), 15, 25)
    assert opens is not None and opens.kind is NotificationKind.WINDOW_OPENS
    assert opens.payload == {"period": "2026-12", "closes_on": "2026-12-25"}
    closing = window_notice(date(2026, 12, 23), 15, 25)
    assert closing is not None and closing.kind is NotificationKind.WINDOW_CLOSING
    assert [window_notice(date(2026, 12, day), 15, 25) for day in (14, 24, 25, 26)] == [None] * 4
    # Until the reminder day the opening notice catches up on whoever missed it.
    for day in (16, 22):
        later = window_notice(date(2026, 12, day), 15, 25)
        assert later == WindowNotice(
            NotificationKind.WINDOW_OPENS, "2026-12", date(2026, 12, 25), True
        )
    assert opens.catch_up is False
    # A window past the month's end closes on its last day: February's reminder is on the 26th.
    late = window_notice(date(2027, 2, 26), 20, 31)
    assert late is not None and late.kind is NotificationKind.WINDOW_CLOSING
    assert window_notice(date(2026, 12, 15), 15, 16) is not None  # opens; too short to remind
    short = window_notice(date(2026, 12, 16), 15, 16)
    assert short is not None and short.kind is NotificationKind.WINDOW_OPENS and short.catch_up
    assert window_notice(date(2026, 12, 14), 15, 16) is None


async def test_window_opens_goes_to_linked_customers_once(
    people: People, reminders: Reminders
) -> None:
    linked = [await people.customer() for _ in range(5)]
    await people.customer(linked=False)

    first = await reminders.run()
    again = await reminders.run()

    assert first.enqueued[NotificationKind.WINDOW_OPENS] == 5
    assert again.enqueued[NotificationKind.WINDOW_OPENS] == 0
    rows = await people.outbox()
    assert sorted(row.user_id or 0 for row in rows) == sorted(c.user_id for c in linked)
    assert {row.kind for row in rows} == {"window_opens"}
    assert rows[0].payload == {"period": "2026-12", "closes_on": "2026-12-25"}
    assert rows[0].dedup_key == f"window:2026-12:{rows[0].user_id}:{rows[0].chat_id}"


async def test_the_day_is_the_company_s_day(
    people: People, reminders: Reminders, clock: FrozenClock
) -> None:
    await people.customer()
    clock.set(datetime(2026, 12, 14, 20, 59, tzinfo=UTC))  # 23:59 on the 14th in Moscow
    assert (await reminders.run()).enqueued.get(NotificationKind.WINDOW_OPENS) is None
    clock.set(datetime(2026, 12, 14, 21, 0, tzinfo=UTC))  # midnight: the 15th
    assert (await reminders.run()).enqueued[NotificationKind.WINDOW_OPENS] == 1


async def test_the_reminder_goes_only_to_those_who_have_not_sent(
    people: People, reminders: Reminders, clock: FrozenClock
) -> None:
    sent = await people.customer()
    pending_only = await people.customer()
    rejected = await people.customer()
    silent = await people.customer()
    await people.reading(sent, "2026-12")
    await people.reading(pending_only, "2026-12", ReadingStatus.PENDING)
    await people.reading(rejected, "2026-12", ReadingStatus.REJECTED)
    await people.reading(silent, "2026-11")  # last month's does not count
    clock.set(datetime(2026, 12, 23, 6, 0, tzinfo=UTC))  # the 23rd: two days before the 25th

    first = await reminders.run()
    again = await reminders.run()

    assert first.enqueued[NotificationKind.WINDOW_CLOSING] == 2
    assert again.enqueued[NotificationKind.WINDOW_CLOSING] == 0
    told = {row.user_id for row in await people.outbox() if row.kind == "window_closing"}
    assert told == {rejected.user_id, silent.user_id}


async def test_switched_off_kinds_are_not_enqueued(
    people: People, reminders: Reminders, uow_factory: UnitOfWorkFactory
) -> None:
    keen, quiet = await people.customer(), await people.customer()
    preferences = NotificationPreferences(uow_factory)
    assert await preferences.toggle(quiet.user_id, NotificationKind.WINDOW_OPENS) is False

    await reminders.run()

    assert [row.user_id for row in await people.outbox()] == [keen.user_id]
    states = await preferences.states(quiet.user_id)
    assert states[NotificationKind.WINDOW_OPENS] is False
    assert states[NotificationKind.NEW_BILL] is True


async def test_verification_due_within_60_days_once_per_meter_and_date(
    people: People, reminders: Reminders, clock: FrozenClock
) -> None:
    today = date(2026, 12, 15)
    soon = await people.customer(verification=today + timedelta(days=60))
    later = await people.customer(verification=today + timedelta(days=61))
    await people.customer(verification=today - timedelta(days=1))  # overdue: billing's business
    await people.customer(linked=False, verification=today + timedelta(days=3))

    first = await reminders.run()
    again = await reminders.run()
    clock.advance(timedelta(days=1))  # the next day the 61-day one is 60 days off
    next_day = await reminders.run()

    assert first.enqueued[NotificationKind.VERIFICATION_DUE] == 1
    assert again.enqueued[NotificationKind.VERIFICATION_DUE] == 0
    assert next_day.enqueued[NotificationKind.VERIFICATION_DUE] == 1
    rows = [r for r in await people.outbox() if r.kind == "verification_due"]
    assert [(r.user_id, r.payload["due_on"]) for r in rows] == [
        (soon.user_id, "2027-02-13"),
        (later.user_id, "2027-02-14"),
    ]


async def test_those_who_sent_readings_before_the_window_are_not_told_it_opens(
    people: People, reminders: Reminders
) -> None:
    early, meterless, waiting = [await people.customer() for _ in range(3)]
    await people.reading(early, "2026-12")  # sent on the 10th: counts for December
    async with people.uow_factory() as uow:  # an account billed at the standard rate
        await uow.session.execute(delete(Meter).where(meters_table.c.id == meterless.meter_id))
        await uow.commit()

    assert (await reminders.run()).enqueued[NotificationKind.WINDOW_OPENS] == 1
    assert [row.user_id for row in await people.outbox()] == [waiting.user_id]


async def test_a_missed_first_day_is_caught_up_before_the_reminder_day(
    people: People, uow_factory: UnitOfWorkFactory, clock: FrozenClock
) -> None:
    sent, waiting = await people.customer(), await people.customer()
    await people.reading(sent, "2026-12")
    # The bot was down from the 14th: its first run is on the 18th, 10:00 in Moscow.
    clock.set(datetime(2026, 12, 18, 7, 0, tzinfo=UTC))
    reminders = Reminders(uow_factory, clock, settings(), chunk=2)

    first = await reminders.run()
    again = await reminders.run()  # a minute later: the day was swept already
    late = await people.customer()  # links an account in the afternoon
    clock.set(datetime(2026, 12, 19, 6, 0, tzinfo=UTC))
    next_day = await Reminders(uow_factory, clock, settings(), chunk=2).run()  # a restart too
    clock.set(datetime(2026, 12, 23, 6, 0, tzinfo=UTC))  # the reminder day: the reminder only
    reminder_day = await reminders.run()
    await people.customer()  # linked after the reminder: nothing more about the opening
    clock.set(datetime(2026, 12, 24, 6, 0, tzinfo=UTC))
    after = await reminders.run()

    assert first.enqueued[NotificationKind.WINDOW_OPENS] == 1
    assert again.enqueued[NotificationKind.WINDOW_OPENS] == 0
    assert next_day.enqueued[NotificationKind.WINDOW_OPENS] == 1
    assert NotificationKind.WINDOW_OPENS not in reminder_day.enqueued
    assert NotificationKind.WINDOW_OPENS not in after.enqueued
    opened = [row.user_id for row in await people.outbox() if row.kind == "window_opens"]
    assert opened == [waiting.user_id, late.user_id]  # none twice, none who had sent
    closing = [row.user_id or 0 for row in await people.outbox() if row.kind == "window_closing"]
    assert sorted(closing) == sorted([waiting.user_id, late.user_id])


async def test_told_on_the_first_day_is_not_told_again_later(
    people: People, reminders: Reminders, clock: FrozenClock
) -> None:
    await people.customer()
    assert (await reminders.run()).enqueued[NotificationKind.WINDOW_OPENS] == 1
    for day in (16, 17, 22):
        clock.set(datetime(2026, 12, day, 6, 0, tzinfo=UTC))
        assert (await reminders.run()).enqueued[NotificationKind.WINDOW_OPENS] == 0
    assert len(await people.outbox()) == 1


async def test_the_day_s_first_run_purges_one_time_codes_older_than_a_day(
    uow_factory: UnitOfWorkFactory, reminders: Reminders, clock: FrozenClock
) -> None:
    purpose = CodePurpose.EMAIL_SIGN_IN

    async def issue(target: str) -> None:
        async with uow_factory() as uow:
            await issue_code(uow, purpose, target, None, clock.now())
            await uow.commit()

    async def has_code(target: str) -> bool:
        async with uow_factory() as uow:
            return await uow.codes.latest(purpose.value, target) is not None

    await issue("old@example.ru")
    clock.advance(timedelta(days=1, minutes=1))
    await issue("new@example.ru")

    assert (await reminders.run()).purged_codes == 1
    assert not await has_code("old@example.ru")
    assert await has_code("new@example.ru")  # a minute old: it may still be used

    clock.advance(timedelta(hours=1))
    assert (await reminders.run()).purged_codes == 0  # once a day, not every minute
    clock.advance(timedelta(days=1))
    assert (await reminders.run()).purged_codes == 1
    assert not await has_code("new@example.ru")
