"""Customers already signed in to the cabinet, without the onboarding dialog, and the accounts
(with meters, readings, charges and payments) a scene needs."""

from __future__ import annotations

from dataclasses import dataclass

from core.users.telegram_login import TelegramLogin
from core.users.views import UserView
from emulator.kit.clients import UserClient
from emulator.kit.messages import SeenMessage
from tests.bot.kit import BotWorld
from tests.core.accounts.seed import ELS, Seed


@dataclass(frozen=True)
class SignedInCustomer:
    client: UserClient
    user: UserView


async def signed_in_customer(
    world: BotWorld,
    phone: str = "+79280000000",
    first_name: str = "Анна",
    language_code: str = "ru",
) -> SignedInCustomer:
    client = await world.customer(first_name=first_name, language_code=language_code)
    login = TelegramLogin(
        telegram_user_id=client.id, chat_id=client.id, language_code=language_code
    )
    signed_in = await world.cabinet.users.sign_in_by_phone(login, phone)
    user = await world.cabinet.users.record_consent(signed_in.user.id)
    return SignedInCustomer(client, user)


async def linked_account(world: BotWorld, seed: Seed, user_id: int, number: str) -> int:
    """An account from billing, linked to the user by its ЕЛС; its id."""
    account = await seed.account(number=number)
    await world.cabinet.accounts.link_by_els(user_id, number, ELS)
    return account.id


async def open_profile(customer: SignedInCustomer) -> SeenMessage:
    await customer.client.send("👤 Профиль")
    return await customer.client.expect_message(contains="Профиль")


def was_deleted(client: UserClient, sent: SeenMessage) -> bool:
    """Whether the bot deleted a message the person sent (by the time its reply came)."""
    return any(seen.message_id == sent.message_id and seen.deleted for seen in client.log.messages)


# A one-pixel PNG: something that is not text, for the dialogs that wait for text.
PIXEL_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


async def press_crafted(client: UserClient, message: SeenMessage, data: str) -> str:
    """A press of a button that is not on `message`, with callback data of the presser's own
    making (a modified client can send any); Telegram delivers it. The callback query id."""
    emulated = client.harness.world
    query = emulated.new_callback(client.id, message.chat_id, message.message_id, data)
    bot_side = {key: value for key, value in message.raw.items() if key not in _KIT_ONLY_KEYS}
    await emulated.updates.push(
        "callback_query",
        {
            "id": query.id,
            "from": emulated.people[client.id].as_user(),
            "message": bot_side,
            "chat_instance": "crafted",
            "data": data,
        },
    )
    client.last_callback_query_id = query.id
    return query.id


_KIT_ONLY_KEYS = {"outgoing", "deleted", "reply_keyboard"}
