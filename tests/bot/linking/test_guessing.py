"""Wrong ЕЛС tries, through the emulator: a stranger who knows an account's number (it is printed
on paper bills) cannot lock its owner out; each cabinet has its own limit, shared by the
Telegram accounts signed in to it; many people missing one account alert staff, once."""

from __future__ import annotations

from datetime import timedelta

from core.enums import LinkStatus
from core.users.telegram_login import TelegramLogin
from emulator.kit.clients import UserClient
from tests.bot.kit import BotWorld
from tests.bot.linking.test_scene import NUMBER, begin_linking, seed_account, signed_in_customer
from tests.core.accounts.seed import ELS

WRONG_ELS = "77МН999999"
ALERT_MARK = "Подбирают ЕЛС"


async def at_els_step(client: UserClient, number: str = NUMBER) -> None:
    await begin_linking(client)
    await client.send(number)
    await client.expect_message(contains="ЕЛС")


async def test_a_strangers_misses_do_not_stop_the_owner_and_the_strangers_sixth_is_refused(
    linking_world: BotWorld,
) -> None:
    world = linking_world
    await seed_account(world)
    stranger, _ = await signed_in_customer(world, phone="+79280000011", first_name="Чужой")
    owner, owner_id = await signed_in_customer(world, phone="+79280000022", first_name="Анна")
    await at_els_step(stranger)
    for left in (4, 3, 2, 1, 0):
        await stranger.send(WRONG_ELS)
        await stranger.expect_message(contains=f"Осталось попыток в этот час: {left}")
        world.clock.advance(timedelta(minutes=1))

    await at_els_step(owner)
    await owner.send(ELS)
    linked = await owner.expect_message()
    await stranger.send(WRONG_ELS)
    refused = await stranger.expect_message()

    assert "добавлен" in linked.text
    listed = await world.cabinet.accounts.list_accounts(owner_id)
    assert [(a.number, a.status) for a in listed] == [(NUMBER, LinkStatus.ACTIVE)]
    assert "Слишком много неверных попыток" in refused.text
    assert "после 18.11.2026 13:30" in refused.text  # an hour after the stranger's first miss
    assert ALERT_MARK not in " ".join(m.text for m in world.emu.staff.log.messages)


async def test_a_second_telegram_account_of_a_cabinet_shares_its_limit(
    linking_world: BotWorld,
) -> None:
    world = linking_world
    await seed_account(world)
    phone_first, user_id = await signed_in_customer(world, phone="+79280000033")
    tablet = await world.customer(first_name="Анна (планшет)")
    login = TelegramLogin(tablet.id, tablet.id, language_code="ru")
    signed_in = await world.cabinet.users.sign_in_by_phone(login, "+79280000033")
    assert signed_in.user.id == user_id  # one cabinet, two Telegram accounts
    await at_els_step(phone_first)
    for left in (4, 3, 2):
        await phone_first.send(WRONG_ELS)
        await phone_first.expect_message(contains=f"Осталось попыток в этот час: {left}")

    await at_els_step(tablet)
    answers = []
    for typed in (WRONG_ELS, WRONG_ELS, ELS):
        await tablet.send(typed)
        answers.append((await tablet.expect_message()).text)

    assert "Осталось попыток в этот час: 1" in answers[0]
    assert "Осталось попыток в этот час: 0" in answers[1]
    assert "Слишком много неверных попыток" in answers[2]  # even the right one waits
    assert await world.cabinet.accounts.list_accounts(user_id) == []


async def test_many_customers_missing_one_account_alert_staff_once(
    linking_world: BotWorld,
) -> None:
    world = linking_world
    await seed_account(world)
    guessers = [
        (await signed_in_customer(world, phone=f"+7928000010{n}", first_name=f"Гость {n}"))[0]
        for n in range(6)
    ]
    for guesser in guessers[:5]:
        await at_els_step(guesser)
        await guesser.send(WRONG_ELS)
        await guesser.expect_message(contains="ЕЛС не подходит")
    alert = await world.emu.staff.expect_message(contains=ALERT_MARK)

    last = guessers[5]
    await at_els_step(last)
    await last.send(WRONG_ELS)
    await last.expect_message(contains="ЕЛС не подходит")
    await last.send("/cancel")  # answered only once the miss before it has been handled
    await last.expect_message(contains="отменено")
    owner, _ = await signed_in_customer(world, phone="+79280000044")
    await at_els_step(owner)
    await owner.send(ELS)
    await owner.expect_message(contains="добавлен")

    [topic] = [t for t in await world.emu.staff.topics() if "Заявки на подключение" in t["name"]]
    assert alert.thread_id == topic["message_thread_id"]
    assert f"лицевому счёту {NUMBER}" in alert.text
    assert "г. Ессентуки, ул. Терская, д. 128А, кв. 5" in alert.text
    assert "неверных попыток — 5, клиентов — 5" in alert.text
    alerts = [m for m in world.emu.staff.log.messages if ALERT_MARK in m.text]
    assert alerts == [alert]
