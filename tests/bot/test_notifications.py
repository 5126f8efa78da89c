"""Notifications as customers meet them: the window opening with its button into the readings
dialog, the reminder only to those who have not sent, a new bill with its buttons, and the
switches in «Профиль» → «Уведомления». Through the outbox, the sender and the emulator."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.notifications.buttons import NotifyAction, NotifyButton, NotifySettings
from core.enums import NotificationKind
from core.notifications.outbox import notify_user
from tests.bot.kit import BotWorld
from tests.bot.readings_scene import meter_with_history
from tests.bot.signed_in import linked_account, open_profile, press_crafted, signed_in_customer
from tests.core.accounts.seed import Seed

WINDOW_OPENS = datetime(2026, 12, 14, 21, 30, tzinfo=UTC)  # 15 December, 00:30 in Moscow
TWO_DAYS_BEFORE_CLOSE = datetime(2026, 12, 23, 7, 0, tzinfo=UTC)


async def test_the_window_opening_and_its_button_into_the_readings_dialog(
    world: BotWorld, seed: Seed
) -> None:
    anna = await signed_in_customer(world)
    account = await linked_account(world, seed, anna.user.id, "110000001")
    await meter_with_history(seed, account, "67005887", {"T": ("12000", "12345")})
    world.clock.set(WINDOW_OPENS)

    await world.cabinet.reminders.run()

    notice = await anna.client.expect_message(contains="Открыт приём показаний за декабрь 2026")
    assert "до 25.12.2026" in notice.text
    assert notice.button_list == ["Передать показания"]
    await anna.client.click("Передать показания")
    await anna.client.expect_message(contains="Счётчик № 67005887")
    await world.cabinet.reminders.run()  # the scheduler again the same day: nothing twice
    await anna.client.expect_no_message(within=0.3)


async def test_the_reminder_goes_to_those_who_have_not_sent_readings(
    world: BotWorld, seed: Seed
) -> None:
    anna = await signed_in_customer(world)
    boris = await signed_in_customer(world, phone="+79280000002", first_name="Борис")
    anna_account = await linked_account(world, seed, anna.user.id, "110000001")
    boris_account = await linked_account(world, seed, boris.user.id, "110000002")
    anna_meter = await seed.meter(anna_account, serial="11111111")
    await seed.meter(boris_account, serial="22222222")
    await seed.reading(anna_meter, "12500", TWO_DAYS_BEFORE_CLOSE, "2026-12")
    world.clock.set(TWO_DAYS_BEFORE_CLOSE)

    await world.cabinet.reminders.run()
    await world.cabinet.reminders.run()

    reminder = await boris.client.expect_message(contains="Осталось два дня")
    assert "25.12.2026" in reminder.text
    await boris.client.expect_no_message(within=0.3)  # once
    await anna.client.expect_no_message(within=0.1)


async def test_switched_off_in_the_profile_the_window_notice_does_not_come(
    world: BotWorld, seed: Seed
) -> None:
    anna = await signed_in_customer(world)
    await linked_account(world, seed, anna.user.id, "110000001")
    await open_profile(anna)
    await anna.client.click("🔔 Уведомления")
    screen = await anna.client.expect_edit(contains="Уведомления")
    assert screen.button_list == [
        "✅ Открытие приёма показаний",
        "✅ Напоминание передать показания",
        "✅ Новая квитанция",
        "✅ Срок поверки счётчика",
        "✅ Отключения электроэнергии",
        "✅ Напоминание об оплате",
        "‹ Профиль",
    ]

    await anna.client.click("✅ Открытие приёма показаний")
    switched = await anna.client.expect_edit(contains="Уведомления")
    assert switched.button_list[0] == "⬜ Открытие приёма показаний"
    world.clock.set(WINDOW_OPENS)
    await world.cabinet.reminders.run()
    await anna.client.expect_no_message(within=0.3)

    await anna.client.click("⬜ Открытие приёма показаний")
    back_on = await anna.client.expect_edit(contains="Уведомления")
    assert back_on.button_list[0] == "✅ Открытие приёма показаний"


async def test_a_crafted_switch_of_a_kind_that_cannot_be_switched_off_is_refused(
    world: BotWorld,
) -> None:
    anna = await signed_in_customer(world)
    profile = await open_profile(anna)
    await press_crafted(anna.client, profile, NotifySettings(kind="link_decided").pack())
    answer = await anna.client.expect_callback_answer()
    assert "устарела" in (answer.get("text") or "")
    states = await world.cabinet.notifications.states(anna.user.id)
    assert all(states.values())


async def test_a_new_bill_in_english_with_pay_and_bill_buttons(world: BotWorld, seed: Seed) -> None:
    john = await signed_in_customer(world, first_name="John", language_code="en")
    account = await linked_account(world, seed, john.user.id, "110000001")
    async with world.cabinet.uow_factory() as uow:
        await notify_user(
            uow,
            user_id=john.user.id,
            kind=NotificationKind.NEW_BILL,
            payload={
                "account_id": account,
                "account_number": "110000001",
                "period": "2026-11",
                "total_kopecks": 123456,
            },
            dedup_key=f"bill:{account}:2026-11",
            now=world.clock.now(),
        )
        await uow.commit()

    bill = await john.client.expect_message(contains="A new bill for account")
    assert "110000001" in bill.text and "1\u202f234,56 ₽" in bill.text
    assert bill.button_list == ["Pay", "Bill"]


async def test_a_crafted_pay_button_for_someone_else_s_account_is_refused(
    world: BotWorld, seed: Seed
) -> None:
    anna = await signed_in_customer(world)
    boris = await signed_in_customer(world, phone="+79280000002", first_name="Борис")
    borises = await linked_account(world, seed, boris.user.id, "110000002")
    profile = await open_profile(anna)

    crafted = NotifyButton(action=NotifyAction.PAY, account_id=borises).pack()
    await press_crafted(anna.client, profile, crafted)

    refusal = await anna.client.expect_message()
    assert "110000002" not in refusal.text
