"""«Изменить пароль»: old, new, repeat — each message deleted by the bot at once."""

from __future__ import annotations

import pytest

from core.users.errors import WrongCredentials
from core.users.telegram_login import TelegramLogin
from tests.bot.kit import BotWorld
from tests.bot.signed_in import (
    PIXEL_PNG,
    SignedInCustomer,
    open_profile,
    signed_in_customer,
    was_deleted,
)

OLD = "Sunny-meadow-7"
NEW = "Quiet-river-42"


async def sign_in_with(world: BotWorld, anna: SignedInCustomer, password: str) -> None:
    login = TelegramLogin(telegram_user_id=anna.client.id, chat_id=anna.client.id)
    await world.cabinet.users.sign_in_by_password(login, "+79280000000", password)


async def test_change_password_deleting_every_password_message(world: BotWorld) -> None:
    anna = await signed_in_customer(world)
    await world.cabinet.users.set_first_password(anna.user.id, OLD)
    client = anna.client
    await open_profile(anna)
    await client.click("🔑 Изменить пароль")
    await client.expect_edit(contains="Напишите текущий пароль")

    sent = [await client.send("not-my-password")]
    assert "Это не текущий пароль" in (await client.expect_message()).text
    sent.append(await client.send(OLD))
    await client.expect_message(contains="Теперь напишите новый пароль")
    sent.append(await client.send("123456"))
    assert "Такой пароль не подойдёт" in (await client.expect_message()).text
    sent.append(await client.send(NEW))
    await client.expect_message(contains="ещё раз")
    sent.append(await client.send("Quiet-river-43"))
    assert "Пароли не совпали" in (await client.expect_message()).text
    sent.append(await client.send(NEW))
    await client.expect_message(contains="ещё раз")
    sent.append(await client.send(NEW))

    await client.expect_message(contains="✅ Пароль изменён")
    assert all(was_deleted(client, message) for message in sent), client.transcript()
    await sign_in_with(world, anna, NEW)
    with pytest.raises(WrongCredentials):
        await sign_in_with(world, anna, OLD)


async def test_a_user_without_a_password_sets_the_first_one(world: BotWorld) -> None:
    anna = await signed_in_customer(world)
    client = anna.client
    await open_profile(anna)
    await client.click("🔑 Изменить пароль")
    await client.expect_edit(contains="Пароля у вас ещё нет")

    await client.send_photo(PIXEL_PNG)
    assert "Жду пароль обычным текстом" in (await client.expect_message()).text
    first = await client.send(NEW)
    await client.expect_message(contains="ещё раз")
    repeat = await client.send(NEW)

    await client.expect_message(contains="✅ Пароль изменён")
    assert was_deleted(client, first) and was_deleted(client, repeat)
    await sign_in_with(world, anna, NEW)


async def test_a_password_changed_elsewhere_meanwhile_voids_the_dialog(world: BotWorld) -> None:
    anna = await signed_in_customer(world)
    await world.cabinet.users.set_first_password(anna.user.id, OLD)
    client = anna.client
    await open_profile(anna)
    await client.click("🔑 Изменить пароль")
    await client.expect_edit(contains="Напишите текущий пароль")
    await client.send(OLD)
    await client.expect_message(contains="Теперь напишите новый пароль")
    await client.send(NEW)
    await client.expect_message(contains="ещё раз")
    await world.cabinet.users.change_password(anna.user.id, OLD, "Someone-else-9")

    await client.send(NEW)

    assert "Начните смену пароля заново" in (await client.expect_message()).text
    with pytest.raises(WrongCredentials):
        await sign_in_with(world, anna, NEW)
