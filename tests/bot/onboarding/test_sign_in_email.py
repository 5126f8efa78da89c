"""«Войти по e-mail»: the code from the mailbox, wrong and expired codes, re-sending, restarts."""

from __future__ import annotations

from datetime import timedelta

from emulator.kit.clients import UserClient
from tests.bot.kit import BotWorld
from tests.bot.onboarding_steps import consent, expect_signed_in, web_customer

ADDRESS = "anna@example.ru"


async def ask_for_code(world: BotWorld, address: str = ADDRESS) -> UserClient:
    user = await world.customer()
    await consent(user)
    await user.click("✉️ Войти по e-mail")
    await user.expect_message(contains="адрес электронной почты")
    await user.send(address)
    return user


async def test_an_unknown_address_registers_with_the_mailed_code(world: BotWorld) -> None:
    user = await ask_for_code(world, " Anna@Example.RU ")
    sent = await user.expect_message(contains="Мы отправили код на")
    assert ADDRESS in sent.text
    assert "18.11.2026 12:45" in sent.text  # 15 minutes from 12:30 Moscow time
    assert "🔁 Отправить код ещё раз" in sent.button_list
    await user.send(await world.code_mailed_to(ADDRESS))
    await user.expect_message(contains="Вы зарегистрированы")
    await user.expect_message(contains="Добавьте свой лицевой счёт")
    signed_in = await world.cabinet.users.by_telegram(user.id)
    assert signed_in is not None
    assert signed_in.email == ADDRESS and signed_in.email_verified
    assert signed_in.consented_at is not None


async def test_a_known_address_signs_in_to_its_cabinet(world: BotWorld) -> None:
    web = await web_customer(world, ADDRESS)
    user = await ask_for_code(world)
    await user.expect_message(contains="Мы отправили код")
    code = await world.code_mailed_to(ADDRESS)
    await user.send(f"{code[:3]} {code[3:]}")  # as a mail client shows it
    await expect_signed_in(user, "С возвращением")
    signed_in = await world.cabinet.users.by_telegram(user.id)
    assert signed_in is not None and signed_in.id == web.id


async def test_a_wrong_code_says_how_many_tries_are_left(world: BotWorld) -> None:
    user = await ask_for_code(world)
    await user.expect_message(contains="Мы отправили код")
    code = await world.code_mailed_to(ADDRESS)
    wrong = "000000" if code != "000000" else "111111"
    await user.send(wrong)
    await user.expect_message(contains="Осталось попыток: 4")
    await user.send("12345")  # not a code at all: no try spent
    await user.expect_message(contains="Код — это 6 цифр")
    await user.send(wrong)
    await user.expect_message(contains="Осталось попыток: 3")
    await user.send(code)
    await expect_signed_in(user, "Вы зарегистрированы")


async def test_an_expired_code_is_refused_and_a_new_one_works(world: BotWorld) -> None:
    user = await ask_for_code(world)
    await user.expect_message(contains="Мы отправили код")
    old_code = await world.code_mailed_to(ADDRESS)
    world.clock.advance(timedelta(minutes=16))
    await user.send(old_code)
    expired = await user.expect_message(contains="Срок действия кода истёк")
    await user.click("🔁 Отправить код ещё раз", message=expired)
    await user.expect_message(contains="Мы отправили код")
    mails = [mail for mail in await world.mails() if ADDRESS in mail["to"]]
    assert len(mails) == 2
    await user.send(await world.code_mailed_to(ADDRESS))
    await expect_signed_in(user, "Вы зарегистрированы")


async def test_resending_too_soon_says_when_and_mails_nothing(world: BotWorld) -> None:
    user = await ask_for_code(world)
    sent = await user.expect_message(contains="Мы отправили код")
    await user.click("🔁 Отправить код ещё раз", message=sent)
    answer = await user.expect_callback_answer()
    assert "через 60 с" in answer["text"] and answer["show_alert"]
    await user.expect_no_message()
    assert len(await world.mails()) == 1


async def test_the_dialog_survives_a_restart_of_the_bot(world: BotWorld) -> None:
    user = await ask_for_code(world)
    await user.expect_message(contains="Мы отправили код")
    code = await world.code_mailed_to(ADDRESS)
    await world.restart()
    await user.send(code)
    await expect_signed_in(user, "Вы зарегистрированы")
