"""The scene of the linking and staff-review tests (no tests here; their `linking_world` is in
conftest.py): customers signed in, accounts as billing left them, and the few moves the
kit does not make itself (a forged button press, the staff group's edits and answers)."""

from __future__ import annotations

from typing import Any

from bot.i18n import build_i18n
from core.users.telegram_login import TelegramLogin
from emulator.kit.clients import DEFAULT_TIMEOUT, UserClient
from emulator.kit.messages import SeenMessage
from emulator.world import ANONYMOUS_ADMIN, ANONYMOUS_ADMIN_ID, Person
from tests.bot.kit import BotWorld
from tests.core.accounts.seed import ELS, Seed

# A JPEG header with a frame size (the emulator reads it) and nothing else.
JPEG = b"\xff\xd8\xff\xc0\x00\x11\x08\x01\xe0\x02\x80\x03" + b"\x00" * 64
NUMBER = "110000123"
KIT_ONLY_KEYS = {"outgoing", "deleted", "reply_keyboard"}


async def signed_in_customer(
    world: BotWorld,
    phone: str = "+79280000001",
    first_name: str = "Анна",
    language_code: str = "ru",
) -> tuple[UserClient, int]:
    """A customer already signed in (the sign-in dialog has tests of its own)."""
    client = await world.customer(first_name=first_name, phone=phone, language_code=language_code)
    login = TelegramLogin(client.id, client.id, language_code=language_code)
    signed_in = await world.cabinet.users.sign_in_by_phone(login, phone)
    return client, signed_in.user.id


async def seed_account(world: BotWorld, number: str = NUMBER, els: str | None = ELS) -> int:
    seed = Seed(world.cabinet.uow_factory)
    account = await seed.account(number=number, els=els)
    await seed.meter(account.id)
    return account.id


async def begin_linking(client: UserClient, locale: str = "ru") -> None:
    """«Добавить лицевой счёт», as pressed on the home screen."""
    await client.send(build_i18n().gettext("menu.home", locale=locale))
    home = await client.log.wait_for(
        lambda: next((m for m in client.log.messages if m.inline_button("link:start")), None),
        DEFAULT_TIMEOUT,
        "no «add an account» button on the home screen",
    )
    # The home screen's messages (cards, requests under review) are not this test's subject.
    client.log.consumed.update(m.message_id for m in client.log.messages if m.outgoing)
    await client.click("link:start", message=home)
    await client.expect_message(contains="/cancel")


async def forge_click(world: BotWorld, user_id: int, message: SeenMessage, data: str) -> str:
    """A button press with callback data of the presser's choosing (custom clients can send
    any); Telegram delivers it, so the bot must check it. Made inside the emulator's world, not
    through its control API, because it also plays presses by people outside the chat (who have
    left the staff group since the button was posted). The callback query id."""
    emulated = world.emu.world
    query = emulated.new_callback(user_id, message.chat_id, message.message_id, data)
    await emulated.updates.push(
        "callback_query",
        {
            "id": query.id,
            "from": emulated.people[user_id].as_user(),
            "message": {k: v for k, v in message.raw.items() if k not in KIT_ONLY_KEYS},
            "chat_instance": "forged",
            "data": data,
        },
    )
    return query.id


async def ask_for_photo(customer: UserClient) -> None:
    """From the start of linking to the bot asking for a photo of the meter."""
    await begin_linking(customer)
    await customer.send(NUMBER)
    await customer.expect_message(contains=NUMBER)
    await customer.click("Нет ЕЛС — отправлю фото счётчика")
    await customer.expect_message(contains="Сфотографируйте счётчик")


def group_anonymous_bot(world: BotWorld) -> int:
    """Telegram's stand-in for anonymous admins, an administrator of the staff group whom
    `getChatMember` knows: only the bot's own check tells it apart from a real person."""
    emulated = world.emu.world
    emulated.people[ANONYMOUS_ADMIN_ID] = Person(
        id=ANONYMOUS_ADMIN_ID, first_name="Group", username="GroupAnonymousBot"
    )
    emulated.chat(world.emu.staff_chat_id).members[ANONYMOUS_ADMIN_ID] = "administrator"
    return ANONYMOUS_ADMIN_ID


async def anonymous_reply(world: BotWorld, to: SeenMessage, text: str) -> None:
    """An anonymous admin answers one of the bot's messages in the staff group."""
    emulated = world.emu.world
    chat = emulated.chat(world.emu.staff_chat_id)
    replied = {k: v for k, v in to.raw.items() if k not in KIT_ONLY_KEYS | {"reply_to_message"}}
    content = {"text": text, "sender_chat": chat.as_chat(), "reply_to_message": replied}
    stored = emulated.add_message(chat, dict(ANONYMOUS_ADMIN), content, outgoing=False)
    await emulated.updates.push("message", stored.data)


async def staff_answer(world: BotWorld, query_id: str) -> dict[str, Any]:
    log = world.emu.staff.log
    return await log.wait_for(
        lambda: log.callback_answers.get(query_id), DEFAULT_TIMEOUT, "no answer to the press"
    )


async def staff_edit(world: BotWorld, contains: str) -> SeenMessage:
    log = world.emu.staff.log
    return await log.wait_for(
        lambda: next((m for m in log.edits if contains in m.text), None),
        DEFAULT_TIMEOUT,
        f"no edit containing {contains!r} in the staff group",
    )
