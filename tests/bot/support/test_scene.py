"""Steps of «Сообщения» scenes: a customer writing, albums, staff in the group's topics."""

from __future__ import annotations

import io
from typing import Any

import aiohttp

from emulator.kit.clients import UserClient
from emulator.kit.messages import SeenMessage
from tests.bot.kit import BotWorld
from tests.bot.linking.test_scene import JPEG
from tests.bot.signed_in import SignedInCustomer, linked_account, signed_in_customer
from tests.core.accounts.seed import Seed

__all__ = ["JPEG", "SignedInCustomer", "linked_account", "signed_in_customer"]

CARD_MARK = "👤"


PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


async def customer_with_account(
    world: BotWorld, phone: str, first_name: str, number: str
) -> SignedInCustomer:
    customer = await signed_in_customer(world, phone=phone, first_name=first_name)
    await linked_account(world, Seed(world.cabinet.uow_factory), customer.user.id, number)
    return customer


async def start_writing(client: UserClient) -> None:
    await client.send("💬 Сообщения")
    await client.expect_message(contains="Сообщения")
    await client.click("✍️ Написать")
    await client.expect_message(contains="Напишите сообщение")


async def first_message(world: BotWorld, client: UserClient, text: str) -> tuple[int, SeenMessage]:
    """The customer's first message: the topic opens with the card, then the message. The
    topic's id and the copy of the message in it."""
    await start_writing(client)
    await client.send(text)
    await client.expect_message(contains="Сообщение отправлено")
    card = await world.emu.staff.expect_message(contains=CARD_MARK)
    assert card.thread_id is not None
    copy = await world.emu.staff.expect_message(thread_id=card.thread_id)
    assert copy.text == text
    return card.thread_id, copy


async def upload(
    client: UserClient,
    kind: str,
    data: bytes,
    *,
    caption: str | None = None,
    file_name: str = "file.bin",
    mime_type: str = "application/octet-stream",
    chat_id: int | None = None,
    thread_id: int | None = None,
    media_group_id: str | None = None,
) -> SeenMessage:
    """A photo or a document as the emulator's control API takes it (albums included)."""
    form = aiohttp.FormData()
    form.add_field("file", io.BytesIO(data), filename=file_name, content_type=mime_type)
    fields: dict[str, Any] = {
        "caption": caption,
        "chat_id": chat_id,
        "message_thread_id": thread_id,
        "media_group_id": media_group_id,
    }
    for key, value in fields.items():
        if value is not None:
            form.add_field(key, str(value))
    result = await client.harness.control("POST", f"/_emu/users/{client.id}/{kind}", data=form)
    return SeenMessage(result["message"])


async def staff_member(world: BotWorld, name: str = "Ольга", status: str = "member") -> UserClient:
    member = await world.customer(first_name=name)
    await world.emu.staff.add_member(member, status)
    return member
