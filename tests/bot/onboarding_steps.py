"""Steps the onboarding and sign-in tests share: getting through /start and consent, and a
customer who registered on the web cabinet before the bot existed."""

from __future__ import annotations

from datetime import timedelta

from core.enums import CodePurpose
from core.users.telegram_login import TelegramLogin
from core.users.views import UserView
from emulator.kit.clients import UserClient
from emulator.kit.messages import SeenMessage
from tests.bot.kit import BotWorld

WEB_BROWSER_TELEGRAM_ID = 1  # the web cabinet signs in a Telegram-less session; signed out after
PASSWORD = "Svetlyachok-42"


async def consent(user: UserClient) -> None:
    """/start, «Согласен»: the ways in are on screen."""
    await user.send("/start")
    await user.expect_message(contains="Здравствуйте")
    await user.expect_message(contains="согласие на обработку персональных данных")
    await user.click("✅ Согласен")
    await user.expect_message(contains="Как вы хотите войти")


async def web_customer(
    world: BotWorld, email: str, phone: str | None = None, password: str = PASSWORD
) -> UserView:
    """A customer registered on the website by e-mail, with a password (and a phone), a couple
    of minutes ago."""
    users = world.cabinet.users
    browser = TelegramLogin(WEB_BROWSER_TELEGRAM_ID, WEB_BROWSER_TELEGRAM_ID)
    await users.request_email_code(email, CodePurpose.EMAIL_SIGN_IN)
    signed = await users.sign_in_by_email_code(browser, email, await world.code_mailed_to(email))
    await users.set_first_password(signed.user.id, password)
    if phone is not None:
        await users.change_phone(signed.user.id, phone)
    await users.sign_out(WEB_BROWSER_TELEGRAM_ID)
    world.clock.advance(timedelta(minutes=2))  # past the re-send pause of that code
    return signed.user


def in_chat(user: UserClient, sent: SeenMessage) -> SeenMessage:
    """The message as the chat shows it now (deleted or not)."""
    return next(seen for seen in user.log.messages if seen.message_id == sent.message_id)


async def expect_signed_in(user: UserClient, greeting: str) -> None:
    """The greeting with the menu, then (no account linked yet) what is open without one: both
    awaited, so that no reply is still on its way when the test ends."""
    await user.expect_message(contains=greeting)
    assert "🏠 Главная" in user.reply_keyboard
    offer = await user.expect_message(contains="не привязан ни один лицевой счёт")
    assert "➕ Добавить лицевой счёт" in offer.button_list
