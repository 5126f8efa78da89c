"""Signing out and deleting one's data: both ask first, then the bot forgets the person."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from sqlalchemy import select

from core.entities.readings import Reading
from core.entities.users import User
from core.enums import ReadingSource, ReadingStatus
from core.users.profile_fields import ProfileField
from tests.bot.kit import BotWorld
from tests.bot.signed_in import linked_account, open_profile, signed_in_customer
from tests.core.accounts.seed import Seed


async def test_sign_out_after_a_yes_forgets_this_telegram_account(world: BotWorld) -> None:
    anna = await signed_in_customer(world)
    client = anna.client
    await open_profile(anna)
    await client.click("🚪 Выйти")
    await client.expect_edit(contains="Выйти из личного кабинета в этом Telegram?")
    await client.click("Нет")
    await client.expect_edit(contains="Профиль")
    assert await world.cabinet.users.by_telegram(client.id) is not None

    await client.click("🚪 Выйти")
    await client.expect_edit(contains="Выйти из личного кабинета")
    confirmation = await client.click("Да, выйти")

    await client.expect_edit(contains="Вы вышли из личного кабинета")
    hint = await client.expect_message(contains="/start")
    assert hint.reply_keyboard == []  # the main menu is removed
    assert client.reply_keyboard == []
    assert await world.cabinet.users.by_telegram(client.id) is None
    await client.expect_callback_answer(confirmation)  # the button stops spinning


async def test_delete_my_data_keeps_only_what_the_law_requires(world: BotWorld) -> None:
    anna = await signed_in_customer(world)
    await world.cabinet.users.update_profile(
        anna.user.id, {ProfileField.LAST_NAME: "Иванова", ProfileField.STREET: "ул. Мира"}
    )
    seed = Seed(world.cabinet.uow_factory)
    account = await linked_account(world, seed, anna.user.id, "110000001")
    meter = await seed.meter(account)
    await _reading_sent_by(world, anna.user.id, meter)
    client = anna.client
    await open_profile(anna)

    await client.click("🗑 Удалить мои данные")
    confirm = await client.expect_edit(contains="Удалить ваши данные?")
    assert "Будут удалены" in confirm.text and "По закону останутся" in confirm.text
    await client.click("Да, удалить")

    await client.expect_edit(contains="Ваши данные удалены")
    kept = await client.expect_message(contains="показаний — 1, платежей — 0")
    assert kept.reply_keyboard == []
    assert await world.cabinet.users.by_telegram(client.id) is None
    async with world.cabinet.uow_factory() as uow:
        user = await uow.session.get(User, anna.user.id)
        assert user is not None
        assert (user.phone, user.last_name, user.street, user.email) == (None, None, None, None)
        readings = (await uow.session.scalars(select(Reading))).all()
        assert [(r.meter_id, r.user_id) for r in readings] == [(meter, None)]
    assert await world.cabinet.accounts.list_accounts(anna.user.id) == []
    await client.send("👤 Профиль")  # no longer signed in: the menu leads to signing in
    assert "ФИО" not in (await client.expect_message()).text


async def _reading_sent_by(world: BotWorld, user_id: int, meter_id: int) -> None:
    async with world.cabinet.uow_factory() as uow:
        uow.session.add(
            Reading(
                meter_id=meter_id,
                zone="T",
                value=Decimal("12345"),
                taken_at=datetime(2026, 11, 16, 9, 0, tzinfo=UTC),
                period="2026-11",
                source=ReadingSource.BOT.value,
                status=ReadingStatus.ACCEPTED.value,
                user_id=user_id,
                created_at=datetime(2026, 11, 16, 9, 0, tzinfo=UTC),
            )
        )
        await uow.commit()
