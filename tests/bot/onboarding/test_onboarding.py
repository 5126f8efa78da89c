"""/start, consent, «Поделиться номером», /cancel and the hints, as a customer meets them."""

from __future__ import annotations

from core.users.telegram_login import TelegramLogin
from tests.bot.kit import BotWorld
from tests.bot.onboarding_steps import consent, expect_signed_in, web_customer
from tests.bot.signed_in import PIXEL_PNG

PHONE = "79181234567"  # as Telegram puts it in a contact
STORED_PHONE = "+79181234567"


async def phone_owner(world: BotWorld, phone: str) -> int | None:
    async with world.cabinet.uow_factory() as uow:
        user = await uow.users.by_phone(phone)
        return user.id if user else None


async def test_a_new_customer_shares_the_phone_and_is_registered_with_consent(
    world: BotWorld,
) -> None:
    user = await world.customer(phone=PHONE)
    await user.send("/start")
    await user.expect_message(contains="Здравствуйте")
    consent_message = await user.expect_message(contains="152-ФЗ")
    assert f"{world.settings.public_url}/consent" in consent_message.text
    assert consent_message.button_list == ["✅ Согласен", "Не согласен"]
    assert await world.cabinet.users.by_telegram(user.id) is None  # nothing before consent

    await user.click("✅ Согласен")
    await user.expect_message(contains="Как вы хотите войти")
    assert "📱 Поделиться номером" in user.reply_keyboard
    await user.click("📱 Поделиться номером")

    await user.expect_message(contains="Вы зарегистрированы")
    assert "🏠 Главная" in user.reply_keyboard
    hint = await user.expect_message(contains="не привязан ни один лицевой счёт")
    button = hint.inline_button("➕ Добавить лицевой счёт")
    assert button is not None and button["callback_data"] == "link:start"
    signed_in = await world.cabinet.users.by_telegram(user.id)
    assert signed_in is not None
    assert signed_in.phone == STORED_PHONE
    assert signed_in.consented_at == world.clock.now()


async def test_pressing_agree_twice_shows_the_ways_in_once(world: BotWorld) -> None:
    user = await world.customer(phone=PHONE)
    await consent(user)
    consent_message = next(m for m in user.log.messages if m.inline_button("✅ Согласен"))
    await user.click("✅ Согласен", message=consent_message)
    answer = await user.expect_callback_answer()
    assert "Согласие уже получено" in answer["text"]
    await user.expect_no_message()
    await user.click("📱 Поделиться номером")
    await expect_signed_in(user, "Вы зарегистрированы")


async def test_declining_consent_stores_nothing_and_says_how_to_come_back(
    world: BotWorld,
) -> None:
    user = await world.customer(phone=PHONE)
    await user.send("/start")
    await user.click("Не согласен")
    await user.expect_message(contains="Здравствуйте")
    await user.expect_message(contains="152-ФЗ")
    declined = await user.expect_message(contains="бот не может работать")
    assert "/start" in declined.text
    await user.share_contact()
    await user.expect_message(contains="Прежде чем войти, нужно ваше согласие")
    await user.expect_message(contains="152-ФЗ")
    assert await world.cabinet.users.by_telegram(user.id) is None
    assert await phone_owner(world, STORED_PHONE) is None


async def test_a_forwarded_contact_is_refused_and_nothing_is_stored(world: BotWorld) -> None:
    user = await world.customer(phone=PHONE)
    await consent(user)
    await user.share_contact(forwarded=True)
    await user.expect_message(contains="Принимаем только ваш собственный номер")
    assert await world.cabinet.users.by_telegram(user.id) is None
    assert await phone_owner(world, STORED_PHONE) is None


async def test_someone_elses_contact_is_refused_and_nothing_is_stored(world: BotWorld) -> None:
    neighbour = await world.customer(first_name="Пётр", phone="79187654321")
    user = await world.customer(phone=PHONE)
    await consent(user)
    await user.share_contact(owner=neighbour)
    await user.expect_message(contains="Принимаем только ваш собственный номер")
    await world.emu.control(  # a contact card that is no Telegram account: no user_id in it
        "POST",
        f"/_emu/users/{user.id}/contact",
        json={"phone_number": "79187654321", "owner_user_id": None},
    )
    await user.expect_message(contains="Принимаем только ваш собственный номер")
    assert await world.cabinet.users.by_telegram(user.id) is None
    assert await phone_owner(world, "+79187654321") is None


async def test_a_phone_registered_on_the_website_opens_the_same_cabinet(world: BotWorld) -> None:
    web = await web_customer(world, "anna@example.ru", phone=STORED_PHONE)
    user = await world.customer(phone=PHONE)
    await consent(user)
    await user.click("📱 Поделиться номером")
    await expect_signed_in(user, "С возвращением")
    signed_in = await world.cabinet.users.by_telegram(user.id)
    assert signed_in is not None
    assert signed_in.id == web.id
    assert signed_in.email == "anna@example.ru" and signed_in.has_password
    assert signed_in.consented_at is not None


async def test_start_when_signed_in_shows_the_menu_without_consent(world: BotWorld) -> None:
    user = await world.customer(phone=PHONE)
    await world.cabinet.users.sign_in_by_phone(TelegramLogin(user.id, user.id), PHONE)
    await user.send("/start")
    reply = await user.expect_message(contains="Вы уже вошли")
    assert "👤 Профиль" in user.reply_keyboard
    assert not reply.buttons
    await user.expect_no_message()


async def test_cancel_mid_dialog_clears_it(world: BotWorld) -> None:
    user = await world.customer(phone=PHONE)
    await consent(user)
    await user.click("✉️ Войти по e-mail")
    await user.expect_message(contains="адрес электронной почты")
    await user.send("/cancel")
    await user.expect_message(contains="Действие отменено. Чтобы войти")
    assert user.reply_keyboard == []
    await user.send("anna@example.ru")  # no longer an answer to anything
    await user.expect_message(contains="Я не понял сообщение")
    assert await world.mails() == []


async def test_cancel_when_signed_in_shows_the_menu(world: BotWorld) -> None:
    user = await world.customer(phone=PHONE)
    await world.cabinet.users.sign_in_by_phone(TelegramLogin(user.id, user.id), PHONE)
    await user.send("/cancel")
    await user.expect_message(contains="Действие отменено. Выберите раздел")
    assert "🏠 Главная" in user.reply_keyboard


async def test_unexpected_input_at_each_step_says_what_is_expected(world: BotWorld) -> None:
    user = await world.customer(phone=PHONE)
    await user.send("/start")
    await user.expect_message(contains="Здравствуйте")
    await user.expect_message(contains="152-ФЗ")
    await user.send("да")
    await user.expect_message(contains="нажмите «✅ Согласен» или «Не согласен»")
    await user.share_contact()
    await user.expect_message(contains="нажмите «✅ Согласен» или «Не согласен»")

    await user.click("✅ Согласен")
    await user.expect_message(contains="Как вы хотите войти")
    await user.send("привет")
    await user.expect_message(contains="Выберите способ входа кнопками")

    await user.click("✉️ Войти по e-mail")
    await user.expect_message(contains="адрес электронной почты")
    await user.send_photo(PIXEL_PNG)
    await user.expect_message(contains="Жду адрес электронной почты")
    await user.send("не адрес")
    await user.expect_message(contains="не похоже на адрес электронной почты")

    await user.click("🔑 У меня есть пароль")
    await user.expect_message(contains="номер телефона или адрес")
    await user.send_document(b"%PDF-1.4", file_name="login.pdf", mime_type="application/pdf")
    await user.expect_message(contains="Жду номер телефона или адрес электронной почты")
    await user.send("123")
    await user.expect_message(contains="Не получилось распознать логин")
    await user.send("anna@example.ru")
    await user.expect_message(contains="напишите пароль")
    await user.send_photo(PIXEL_PNG)
    await user.expect_message(contains="Жду пароль обычным текстом")
    assert await world.cabinet.users.by_telegram(user.id) is None


async def test_a_contact_when_signed_in_is_not_needed(world: BotWorld) -> None:
    user = await world.customer(phone=PHONE)
    await world.cabinet.users.sign_in_by_phone(TelegramLogin(user.id, user.id), PHONE)
    await user.share_contact()
    await user.expect_message(contains="входить снова не нужно")


async def test_a_section_opened_before_signing_in_leads_to_consent(world: BotWorld) -> None:
    user = await world.customer(phone=PHONE)
    await user.send("🏠 Главная")
    await user.expect_message(contains="доступен после входа")
    await user.click("Войти")
    await user.expect_message(contains="152-ФЗ")
    await user.click("✅ Согласен")
    await user.expect_message(contains="Как вы хотите войти")
    await user.click("📱 Поделиться номером")
    await expect_signed_in(user, "Вы зарегистрированы")


async def test_an_english_speaking_customer_is_answered_in_english(world: BotWorld) -> None:
    user = await world.customer(first_name="Anna", phone=PHONE, language_code="en")
    await user.send("/start")
    await user.expect_message(contains="Hello! This is the customer cabinet bot")
    await user.expect_message(contains="152-FZ")
    await user.click("✅ I agree")
    await user.expect_message(contains="How would you like to sign in")
    await user.click("📱 Share my phone number")
    await user.expect_message(contains="You are registered")
    await user.expect_message(contains="No personal account is linked")
    assert "➕ Add a personal account" in user.log.messages[-1].button_list
    signed_in = await world.cabinet.users.by_telegram(user.id)
    assert signed_in is not None and signed_in.language == "en"


async def test_second_presses_of_sign_in_and_decline_are_harmless(world: BotWorld) -> None:
    user = await world.customer(phone=PHONE)
    await user.send("🏠 Главная")
    offer = await user.expect_message(contains="доступен после входа")
    await user.click("Войти", message=offer)
    await user.expect_message(contains="152-ФЗ")
    await user.click("Войти", message=offer)
    assert "нажмите «✅ Согласен»" in (await user.expect_callback_answer())["text"]
    await user.click("Не согласен")
    await user.expect_message(contains="бот не может работать")
    await user.click("Не согласен")
    assert "Вы не дали согласие" in (await user.expect_callback_answer())["text"]
    await user.expect_no_message()
    assert await world.cabinet.users.by_telegram(user.id) is None


async def test_a_way_in_from_an_old_keyboard_asks_for_consent_first(world: BotWorld) -> None:
    user = await world.customer(phone=PHONE)
    await user.send("✉️ Войти по e-mail")
    await user.expect_message(contains="Прежде чем войти, нужно ваше согласие")
    await user.expect_message(contains="152-ФЗ")
