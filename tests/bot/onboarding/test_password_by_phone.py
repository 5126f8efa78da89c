"""A forgotten password reset by the phone: sharing one's own contact again proves it, in
«Профиль» → «Изменить пароль» and at sign-in's «Забыли пароль?»."""

from __future__ import annotations

import pytest

from core.users.errors import WrongCredentials
from core.users.telegram_login import TelegramLogin
from tests.bot.kit import BotWorld
from tests.bot.onboarding_steps import PASSWORD, consent, in_chat, web_customer
from tests.bot.signed_in import SignedInCustomer, open_profile

PHONE = "+79181234567"
NEW = "Novyi-parol-2026"


async def sign_in_with(world: BotWorld, password: str) -> None:
    browser = TelegramLogin(telegram_user_id=5, chat_id=5)
    await world.cabinet.users.sign_in_by_password(browser, PHONE, password)


async def test_a_customer_who_forgot_the_password_proves_the_phone_in_the_profile(
    world: BotWorld,
) -> None:
    client = await world.customer(phone=PHONE)
    neighbour = await world.customer(first_name="Пётр", phone="+79280000099")
    users = world.cabinet.users
    signed = await users.sign_in_by_phone(TelegramLogin(client.id, client.id), PHONE)
    await users.set_first_password(signed.user.id, PASSWORD)
    anna = SignedInCustomer(client, await users.record_consent(signed.user.id))
    await open_profile(anna)
    await client.click("🔑 Изменить пароль")
    await client.expect_edit(contains="Напишите текущий пароль")
    await client.click("📱 Не помню пароль — подтвердить номером")
    await client.expect_message(contains="Подтвердите телефон для входа")
    await client.share_contact(owner=neighbour)
    await client.expect_message(contains="Это не ваш контакт")
    await client.share_contact(forwarded=True)
    await client.expect_message(contains="Это не ваш контакт")
    await client.send("забыл")
    await client.expect_message(contains="Жду ваш контакт")
    await client.share_contact()
    await client.expect_message(contains="✅ Номер подтверждён. Теперь напишите новый пароль")
    assert "👤 Профиль" in client.reply_keyboard
    first = await client.send(NEW)
    await client.expect_message(contains="ещё раз")
    repeat = await client.send(NEW)

    await client.expect_message(contains="✅ Пароль изменён")
    assert in_chat(client, first).deleted and in_chat(client, repeat).deleted
    await sign_in_with(world, NEW)
    with pytest.raises(WrongCredentials):
        await sign_in_with(world, PASSWORD)


async def test_a_number_that_is_not_the_sign_in_phone_proves_nothing(world: BotWorld) -> None:
    client = await world.customer(phone="+79280000055")  # Telegram's number is another one
    users = world.cabinet.users
    await web_customer(world, "anna@example.ru", phone=PHONE)
    signed = await users.sign_in_by_password(TelegramLogin(client.id, client.id), PHONE, PASSWORD)
    anna = SignedInCustomer(client, signed.user)
    await open_profile(anna)
    await client.click("🔑 Изменить пароль")
    await client.expect_edit(contains="Напишите текущий пароль")
    await client.click("📱 Не помню пароль — подтвердить номером")
    await client.expect_message(contains="Подтвердите телефон для входа")
    await client.share_contact()

    await client.expect_message(contains="Этот номер не указан для входа в ваш личный кабинет")
    await client.send("12345")
    await client.expect_message(contains="Я не понял")  # the dialog is over
    await sign_in_with(world, PASSWORD)


async def test_forgot_the_password_at_sign_in_and_shares_the_phone(world: BotWorld) -> None:
    await web_customer(world, "anna@example.ru", phone=PHONE)
    user = await world.customer(phone=PHONE)
    await consent(user)
    await user.click("🔑 У меня есть пароль")
    await user.expect_message(contains="номер телефона или адрес")
    await user.send(PHONE)
    await user.expect_message(contains="напишите пароль")
    await user.send("not-my-password")
    await user.expect_message(contains="Неверный логин или пароль")
    await user.click("Забыли пароль?")
    await user.expect_message(contains="Если вы входите по номеру телефона")
    await user.click("📱 Поделиться номером")

    await user.expect_message(contains="С возвращением")
    await user.expect_message(contains="не привязан ни один лицевой счёт")
    await user.expect_message(contains="✅ Номер подтверждён")
    await user.send(NEW)
    await user.expect_message(contains="ещё раз")
    await user.send(NEW)
    await user.expect_message(contains="✅ Пароль изменён")
    await sign_in_with(world, NEW)


async def test_in_english(world: BotWorld) -> None:
    client = await world.customer(first_name="Anna", phone=PHONE, language_code="en")
    users = world.cabinet.users
    signed = await users.sign_in_by_phone(TelegramLogin(client.id, client.id), PHONE)
    await users.set_first_password(signed.user.id, PASSWORD)
    await users.record_consent(signed.user.id)
    await client.send("👤 Profile")
    await client.expect_message(contains="Profile")
    await client.click("🔑 Change password")
    await client.expect_edit()
    await client.click("📱 I forgot it — confirm by phone")
    await client.expect_message(contains="Confirm your sign-in phone")
    await client.share_contact()
    await client.expect_message(contains="Number confirmed")
