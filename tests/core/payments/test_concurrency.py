"""Races on SQLite and PostgreSQL: a replayed callback and two settlements at once confirm a
payment once; two workers pressing «Перейти к оплате» for one intent register one bank order."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncEngine

import core.payments.intents as payment_intents
from core.entities.payments import Payment
from core.enums import AuditAction, PaymentStatus
from core.payments.errors import GatewayUnavailable
from core.payments.views import PaymentRequest
from storage.models import audit_events_table, payments_table
from tests.bot.kit import BotWorld, bot_world
from tests.bot.signed_in import linked_account, signed_in_customer
from tests.core.accounts.seed import Seed
from tests.core.payments.test_sandbox import order_id, started, stored


@pytest.fixture
async def world(any_engine: AsyncEngine) -> AsyncIterator[BotWorld]:
    async with bot_world(any_engine) as running:
        yield running


async def payers(world: BotWorld) -> tuple[int, PaymentRequest]:
    seed = Seed(world.cabinet.uow_factory)
    customer = await signed_in_customer(world)
    account_id = await linked_account(world, seed, customer.user.id, "110000555")
    return customer.user.id, PaymentRequest(account_id, "Электроэнергия", 94_908, None, "k1")


async def audited_payments(world: BotWorld) -> int:
    async with world.cabinet.uow_factory() as uow:
        query = select(func.count(audit_events_table.c.id)).where(
            audit_events_table.c.action == AuditAction.PAYMENT_MADE.value
        )
        return int(await uow.session.scalar(query) or 0)


async def test_a_replayed_callback_settles_once(world: BotWorld) -> None:
    payment = await started(world)
    await world.emu.sandbox.replay_callback(order_id(payment))
    await world.emu.sandbox.pay(order_id(payment))
    callbacks = await world.emu.sandbox.wait_callbacks(order_id(payment), count=2)
    assert [c["attempts"][0]["status"] for c in callbacks] == [200, 200]
    assert await stored(world) == [("confirmed", 94_908, 1)]
    assert await audited_payments(world) == 1


async def test_two_settlements_at_once_give_one_confirmation(world: BotWorld) -> None:
    payment = await started(world)
    await world.emu.sandbox.callback_timing("never", order_id=order_id(payment))
    await world.emu.sandbox.pay(order_id(payment))
    confirm = world.cabinet.payments.settlement.confirm_order
    views = await asyncio.gather(*(confirm(order_id(payment)) for _ in range(4)))
    assert {view.status for view in views} == {PaymentStatus.CONFIRMED}
    assert await stored(world) == [("confirmed", 94_908, 1)]
    assert await audited_payments(world) == 1


async def test_two_presses_at_once_register_one_order(world: BotWorld) -> None:
    user_id, request = await payers(world)
    start = world.cabinet.payments.intents.start
    views = await asyncio.gather(*(start(user_id, request) for _ in range(3)))
    assert len({view.pay_url for view in views}) == 1 and views[0].pay_url is not None
    assert len({view.payment_id for view in views}) == 1
    orders = await world.emu.sandbox.orders()
    assert [order["form_url"] for order in orders] == [views[0].pay_url]


async def test_a_claim_left_by_a_dead_worker_is_taken_over_later(
    world: BotWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    user_id, request = await payers(world)
    first = await world.cabinet.payments.intents.start(user_id, request)
    # As if a worker had claimed the intent and died before the bank answered.
    async with world.cabinet.uow_factory() as uow:
        await uow.session.execute(
            update(Payment)
            .where(payments_table.c.id == first.payment_id)
            .values(form_url=None, provider_order_id=None, updated_at=world.clock.now())
        )
        await uow.commit()
    monkeypatch.setattr(payment_intents, "CLAIM_WAIT_SECONDS", 0.2)
    with pytest.raises(GatewayUnavailable):  # a live claim is waited for, not doubled
        await world.cabinet.payments.intents.start(user_id, request)
    assert len(await world.emu.sandbox.orders()) == 1

    world.clock.advance(payment_intents.CLAIM_LIFETIME + timedelta(seconds=1))
    second = await world.cabinet.payments.intents.start(user_id, request)
    assert second.payment_id == first.payment_id and second.pay_url not in (None, first.pay_url)
    assert second.order_number != first.order_number  # the bank refuses a number twice
    assert len(await world.emu.sandbox.orders()) == 2
