"""«У меня есть пароль» and «Забыли пароль?»: passwords deleted from the chat, the lock after
5 wrong ones with its end in local time, a reset by a mailed code."""

from __future__ import annotations

from emulator.kit.clients import UserClient
from tests.bot.kit import BotWorld
from tests.bot.onboarding_steps import PASSWORD, consent, expect_signed_in, in_chat, web_customer

ADDRESS = "anna@example.ru"
PHONE = "+79181234567"


async def ask_for_password(world: BotWorld, login: str) -> UserClient:
    user = await world.customer()
    await consent(user)
    await user.click("🔑 У меня есть пароль")
    await user.expect_message(contains="номер телефона или адрес")
    await user.send(login)
    await user.expect_message(contains="напишите пароль")
    return user


async def test_the_password_signs_in_and_its_message_is_deleted(world: BotWorld) -> None:
    web = await web_customer(world, ADDRESS, phone=PHONE)
    user = await ask_for_password(world, "8 (918) 123-45-67")
    typed = await user.send(PASSWORD)
    await expect_signed_in(user, "С возвращением")
    assert in_chat(user, typed).deleted
    signed_in = await world.cabinet.users.by_telegram(user.id)
    assert signed_in is not None and signed_in.id == web.id
    assert signed_in.consented_at is not None


async def test_a_wrong_password_is_deleted_too_and_may_be_typed_again(world: BotWorld) -> None:
    await web_customer(world, ADDRESS)
    user = await ask_for_password(world, ADDRESS)
    wrong = await user.send("not-my-password")
    refused = await user.expect_message(contains="Неверный логин или пароль")
    assert "Забыли пароль?" in refused.button_list
    assert in_chat(user, wrong).deleted
    await user.send(PASSWORD)
    await expect_signed_in(user, "С возвращением")


async def test_five_wrong_passwords_lock_sign_in_until_a_local_time(world: BotWorld) -> None:
    await web_customer(world, ADDRESS)
    user = await ask_for_password(world, ADDRESS)
    for _ in range(4):
        await user.send("not-my-password")
        await user.expect_message(contains="Неверный логин или пароль")
    await user.send("not-my-password")
    # Frozen at 09:32 UTC (12:32 in Moscow), locked for 15 minutes.
    await user.expect_message(contains="заблокирован до 18.11.2026 12:47")
    await user.click("🔑 У меня есть пароль")
    await user.expect_message(contains="номер телефона или адрес")
    await user.send(ADDRESS)
    await user.expect_message(contains="напишите пароль")
    await user.send(PASSWORD)  # right, but too soon
    await user.expect_message(contains="заблокирован до 18.11.2026 12:47")
    assert await world.cabinet.users.by_telegram(user.id) is None


async def test_forgotten_password_is_reset_by_a_mailed_code(world: BotWorld) -> None:
    web = await web_customer(world, ADDRESS, phone=PHONE)
    user = await ask_for_password(world, PHONE)
    await user.click("Забыли пароль?")
    await user.expect_message(contains="код для смены пароля")
    await user.send(ADDRESS)
    await user.expect_message(contains="придёт письмо с кодом")
    await user.send(await world.code_mailed_to(ADDRESS))
    await user.expect_message(contains="Придумайте новый пароль")
    weak = await user.send("123456")
    await user.expect_message(contains="Такой пароль не подойдёт")
    assert in_chat(user, weak).deleted
    new = await user.send("Novyi-parol-2026")
    await expect_signed_in(user, "С возвращением")
    assert in_chat(user, new).deleted
    signed_in = await world.cabinet.users.by_telegram(user.id)
    assert signed_in is not None and signed_in.id == web.id

    await world.cabinet.users.sign_out(user.id)
    again = await ask_for_password(world, ADDRESS)
    await again.send("Novyi-parol-2026")
    await expect_signed_in(again, "С возвращением")


async def test_a_reset_for_an_e_mail_login_skips_asking_the_address(world: BotWorld) -> None:
    await web_customer(world, ADDRESS)
    user = await ask_for_password(world, ADDRESS)
    await user.click("Забыли пароль?")
    await user.expect_message(contains="придёт письмо с кодом")
    code = await world.code_mailed_to(ADDRESS)
    await user.send("000000" if code != "000000" else "111111")
    await user.expect_message(contains="Придумайте новый пароль")
    await user.send("Novyi-parol-2026")
    await user.expect_message(contains="Осталось попыток: 4")
    await user.send(code)
    await user.expect_message(contains="Придумайте новый пароль")
    await user.send("Novyi-parol-2026")
    await expect_signed_in(user, "С возвращением")


async def test_a_reset_for_an_unknown_address_answers_alike_and_mails_nothing(
    world: BotWorld,
) -> None:
    user = await ask_for_password(world, "stranger@example.ru")
    await user.click("Забыли пароль?")
    await user.expect_message(contains="Если адрес stranger@example.ru зарегистрирован")
    assert await world.mails() == []
