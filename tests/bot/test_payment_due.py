"""«Оплатите до 10-го»: a customer whose account still owes something is reminded before the
payment deadline, once, with the amount and a button into the payment window; one who has paid,
one who switched the reminder off, and anyone after the deadline are not."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from pydantic import ValidationError

from core.notifications.payment_due import due_window
from core.settings import Settings
from tests.bot.kit import BotWorld
from tests.bot.signed_in import linked_account, open_profile, signed_in_customer
from tests.core.accounts.seed import Seed

# 7 December, 12:00 in Moscow: three days before the 10th.
REMINDER_DAY = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)


async def test_a_debt_is_reminded_once_with_a_button_into_the_payment_window(
    world: BotWorld, seed: Seed
) -> None:
    anna = await signed_in_customer(world)
    account = await linked_account(world, seed, anna.user.id, "110000001")
    await seed.charge(account, "2026-11", 94_908)
    world.clock.set(REMINDER_DAY)

    await world.cabinet.reminders.run()
    await world.cabinet.reminders.run()  # every minute the same day: nothing twice

    reminder = await anna.client.expect_message(contains="Напоминаем")
    assert "110000001" in reminder.text and "949,08 ₽" in reminder.text
    assert "до 10.12.2026" in reminder.text
    assert reminder.button_list == ["Оплатить"]
    await anna.client.expect_no_message(within=0.3)

    await anna.client.click("Оплатить")
    await anna.client.expect_message(contains="Сумма оплаты: 949,08 ₽")

    world.clock.advance(timedelta(days=1))  # the next reminder day: already told this month
    await world.cabinet.reminders.run()
    await anna.client.expect_no_message(within=0.3)


async def test_paid_switched_off_or_past_the_deadline_nobody_is_reminded(
    world: BotWorld, seed: Seed
) -> None:
    anna = await signed_in_customer(world)
    boris = await signed_in_customer(world, phone="+79280000002", first_name="Борис")
    vera = await signed_in_customer(world, phone="+79280000003", first_name="Вера")
    annas = await linked_account(world, seed, anna.user.id, "110000001")
    borises = await linked_account(world, seed, boris.user.id, "110000002")
    veras = await linked_account(world, seed, vera.user.id, "110000003")
    for account in (annas, borises, veras):
        await seed.charge(account, "2026-11", 50_000)
    await seed.payment(annas, 50_000, datetime(2026, 12, 2, 10, 0, tzinfo=UTC))  # paid
    await open_profile(vera)
    await vera.client.click("🔔 Уведомления")
    await vera.client.expect_edit(contains="Уведомления")
    await vera.client.click("✅ Напоминание об оплате")
    switched = await vera.client.expect_edit(contains="Уведомления")
    assert "⬜ Напоминание об оплате" in switched.button_list

    world.clock.set(datetime(2026, 12, 10, 9, 0, tzinfo=UTC))  # the deadline itself: too late
    await world.cabinet.reminders.run()
    await boris.client.expect_no_message(within=0.3)

    world.clock.set(REMINDER_DAY + timedelta(days=31))  # 7 January: the next month's
    await world.cabinet.reminders.run()
    reminder = await boris.client.expect_message(contains="Напоминаем")
    assert "500,00 ₽" in reminder.text and "до 10.01.2027" in reminder.text
    await anna.client.expect_no_message(within=0.2)
    await vera.client.expect_no_message(within=0.2)


def test_the_reminder_days_end_the_day_before_the_deadline() -> None:
    def window(day: int) -> object:
        return due_window(datetime(2026, 12, day).date(), 10, 3)

    assert [day for day in range(1, 32) if window(day) is not None] == [7, 8, 9]
    with pytest.raises(ValidationError, match="PAYMENT_REMINDER_DAYS_BEFORE"):
        Settings(_env_file=None, payment_due_day=3, payment_reminder_days_before=3)
