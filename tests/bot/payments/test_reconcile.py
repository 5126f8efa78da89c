"""A payment whose bank callback never reached us (the bot or its database was away when the bank
sent it) is still recorded, once, and the customer told: the periodic round asks the bank about
orders left pending."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from core.enums import AuditAction, PaymentStatus
from storage.models import audit_events_table
from tests.bot.kit import BotWorld
from tests.bot.payments.test_payments import payments
from tests.bot.payments.test_return import PAID, order_placed


async def payments_made(world: BotWorld) -> int:
    async with world.cabinet.uow_factory() as uow:
        query = select(func.count()).where(
            audit_events_table.c.action == AuditAction.PAYMENT_MADE.value
        )
        return int(await uow.session.scalar(query) or 0)


async def test_a_payment_whose_callback_was_lost_is_recorded_and_told_once(
    world: BotWorld,
) -> None:
    client, order_id = await order_placed(world)
    await world.emu.sandbox.callback_timing("never", order_id=order_id)
    await world.emu.sandbox.pay(order_id)  # paid at the bank; nothing reaches the bot

    await world.cabinet.reminders.run()  # too soon: the callback may still be on its way
    [payment] = await payments(world)
    assert payment.status == PaymentStatus.PENDING.value

    world.clock.advance(timedelta(minutes=3))
    await world.cabinet.reminders.run()
    await client.expect_message(contains=PAID)
    [payment] = await payments(world)
    assert payment.status == PaymentStatus.CONFIRMED.value

    world.clock.advance(timedelta(minutes=3))
    await world.cabinet.reminders.run()  # asked no more, told no more
    assert await payments_made(world) == 1
    await client.expect_no_message(within=0.5)


async def test_an_unpaid_order_stays_open_and_is_asked_again_later(world: BotWorld) -> None:
    client, order_id = await order_placed(world)
    world.clock.advance(timedelta(minutes=3))
    await world.cabinet.reminders.run()
    [payment] = await payments(world)
    assert payment.status == PaymentStatus.PENDING.value  # the customer may still pay

    await world.emu.sandbox.callback_timing("never", order_id=order_id)
    await world.emu.sandbox.pay(order_id)
    await world.cabinet.reminders.run()  # asked a moment ago: not yet again
    assert (await payments(world))[0].status == PaymentStatus.PENDING.value
    world.clock.advance(timedelta(minutes=3))
    await world.cabinet.reminders.run()
    await client.expect_message(contains=PAID)
    assert await payments_made(world) == 1
