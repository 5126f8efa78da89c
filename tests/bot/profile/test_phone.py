"""Профиль → «Телефон для входа»: added or changed by sharing one's own contact, as at sign-in."""

from __future__ import annotations

from core.enums import AuditAction, CodePurpose
from core.users.telegram_login import TelegramLogin
from emulator.kit.clients import UserClient
from tests.bot.kit import BotWorld
from tests.bot.signed_in import SignedInCustomer, open_profile

OLD = "+79280000001"
NEW = "+79380000002"
PASSWORD = "Svetlyachok-42"


async def email_customer(world: BotWorld, client: UserClient, email: str) -> SignedInCustomer:
    """A customer who signed in by an e-mail code and has no sign-in phone."""
    users = world.cabinet.users
    await users.request_email_code(email, CodePurpose.EMAIL_SIGN_IN)
    login = TelegramLogin(client.id, client.id)
    signed = await users.sign_in_by_email_code(login, email, await world.code_mailed_to(email))
    return SignedInCustomer(client, await users.record_consent(signed.user.id))


async def test_a_customer_signed_in_by_e_mail_adds_the_phone_with_their_own_contact(
    world: BotWorld,
) -> None:
    client = await world.customer(phone=NEW)
    neighbour = await world.customer(first_name="Пётр", phone="+79280000099")
    anna = await email_customer(world, client, "anna@example.ru")
    overview = await open_profile(anna)
    assert "Телефон для входа: не указано" in overview.text

    await client.click("📱 Телефон для входа")
    await client.expect_message(contains="нажмите «📱 Поделиться моим номером»")
    await client.share_contact(forwarded=True)
    await client.expect_message(contains="Это не ваш контакт или он переслан")
    await client.share_contact(owner=neighbour)
    await client.expect_message(contains="Это не ваш контакт или он переслан")
    await client.send("+79380000002")
    await client.expect_message(contains="Жду ваш контакт")
    await client.share_contact()

    await client.expect_message(contains="✅ Телефон для входа добавлен: +79380000002")
    assert "👤 Профиль" in client.reply_keyboard
    user = await world.cabinet.users.by_telegram(client.id)
    assert user is not None and user.phone == NEW
    events = (await world.cabinet.users.history(user.id)).items
    assert events[0].action is AuditAction.PHONE_CHANGED


async def test_changing_the_phone_is_told_in_the_chat_of_the_old_one(world: BotWorld) -> None:
    old_chat = await world.customer(phone=OLD)
    new_chat = await world.customer(phone=NEW)
    users = world.cabinet.users
    signed = await users.sign_in_by_phone(TelegramLogin(old_chat.id, old_chat.id), OLD)
    await users.record_consent(signed.user.id)
    await users.set_first_password(signed.user.id, PASSWORD)
    await users.sign_in_by_password(TelegramLogin(new_chat.id, new_chat.id), OLD, PASSWORD)
    anna = SignedInCustomer(new_chat, signed.user)

    await open_profile(anna)
    await new_chat.click("📱 Телефон для входа")
    await new_chat.expect_message(contains="Телефон для входа: +79280000001")
    await new_chat.share_contact()

    await new_chat.expect_message(contains="✅ Телефон для входа изменён: +79380000002")
    told = await old_chat.expect_message(contains="изменён на +79380000002")
    assert "в другом чате Telegram" in told.text
    await new_chat.expect_no_message()


async def test_a_phone_of_another_cabinet_is_refused(world: BotWorld) -> None:
    other = await world.customer(first_name="Пётр", phone=NEW)
    await world.cabinet.users.sign_in_by_phone(TelegramLogin(other.id, other.id), NEW)
    client = await world.customer(phone=NEW)  # the same number, another Telegram account
    anna = await email_customer(world, client, "anna@example.ru")
    await open_profile(anna)
    await client.click("📱 Телефон для входа")
    await client.expect_message(contains="Поделиться моим номером")
    await client.share_contact()

    await client.expect_message(contains="уже указан для входа в другой личный кабинет")
    user = await world.cabinet.users.by_telegram(client.id)
    assert user is not None and user.phone is None
    assert "👤 Профиль" in client.reply_keyboard


async def test_the_same_phone_and_a_cancel_change_nothing(world: BotWorld) -> None:
    client = await world.customer(phone=OLD)
    users = world.cabinet.users
    signed = await users.sign_in_by_phone(TelegramLogin(client.id, client.id), OLD)
    anna = SignedInCustomer(client, await users.record_consent(signed.user.id))
    await open_profile(anna)
    await client.click("📱 Телефон для входа")
    await client.expect_message(contains="Поделиться моим номером")
    await client.click("✖️ Отмена")
    await client.expect_message(contains="Телефон для входа не изменён")
    await client.click("📱 Телефон для входа")
    await client.expect_message(contains="Поделиться моим номером")
    await client.share_contact()
    await client.expect_message(contains="уже указан как телефон для входа")


async def test_in_english(world: BotWorld) -> None:
    client = await world.customer(first_name="Anna", phone=NEW, language_code="en")
    await email_customer(world, client, "anna@example.com")
    await client.send("👤 Profile")
    await client.expect_message(contains="Phone for signing in: not given")
    await client.click("📱 Phone for signing in")
    await client.expect_message(contains="Share my number")
    await client.share_contact()
    await client.expect_message(contains="✅ Sign-in phone added: +79380000002")
