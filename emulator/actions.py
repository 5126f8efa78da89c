"""What a person does in the emulated Telegram: each action adds the message (if any) to the
world and queues the update the bot would receive. Used by the control API.
"""

from __future__ import annotations

import asyncio
import contextlib
import secrets
from typing import Any

from emulator.entities import detect_command
from emulator.errors import BotApiError
from emulator.methods.chats import chat_member
from emulator.methods.payments import INVOICE_LINK_PREFIX
from emulator.world import (
    ANONYMOUS_ADMIN,
    ANONYMOUS_ADMIN_ID,
    Chat,
    JsonDict,
    Person,
    PreCheckout,
    StoredMessage,
    World,
)

POSTING_STATUSES = {"creator", "administrator", "member"}


class ActionError(Exception):
    """The person cannot do that (a 4xx answer of the control API)."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


def _chat_for(world: World, person: Person, chat_id: int | None) -> Chat:
    try:
        chat = world.chat(chat_id if chat_id is not None else person.id)
    except BotApiError:
        raise ActionError(f"chat {chat_id} not found", 404) from None
    if chat.person is not None and chat.id != person.id:
        raise ActionError("a person writes only in their own private chat with the bot")
    if chat.is_group and chat.members.get(person.id) not in POSTING_STATUSES:
        raise ActionError(f"user {person.id} is not a member of chat {chat.id}")
    if chat.person is not None and person.blocked_bot:
        raise ActionError("the user has blocked the bot; unblock it first")
    return chat


def person_of(world: World, user_id: int) -> Person:
    person = world.people.get(user_id)
    if person is None:
        raise ActionError(f"user {user_id} not found", 404)
    return person


def _placement(
    world: World, chat: Chat, thread_id: int | None, reply_to: int | None, may_post_closed: bool
) -> JsonDict:
    placed: JsonDict = {}
    if thread_id is not None:
        topic = chat.topics.get(thread_id)
        if topic is None:
            raise ActionError(f"topic {thread_id} not found in chat {chat.id}")
        if topic.is_closed and not may_post_closed:
            raise ActionError("the topic is closed")
        placed = {"message_thread_id": thread_id, "is_topic_message": True}
        reply_to = reply_to or thread_id  # Telegram quotes the topic's first message
    if reply_to is not None:
        target = world.message(chat, reply_to)
        if target is None:
            raise ActionError(f"message {reply_to} not found in chat {chat.id}")
        placed["reply_to_message"] = {
            k: v for k, v in target.data.items() if k != "reply_to_message"
        }
    return placed


def _reaches_bot(world: World, chat: Chat, content: JsonDict, placed: JsonDict) -> bool:
    """Privacy mode: in a group a bot that is not an admin sees commands and replies to it."""
    if chat.person is not None or world.bot_status(chat) in {"creator", "administrator"}:
        return True
    if str(content.get("text", "")).startswith("/"):
        return True
    replied = placed.get("reply_to_message", {})
    return bool(
        replied.get("from", {}).get("id") == world.bot_user["id"]
        and "forum_topic_created" not in replied
    )


async def _post(
    world: World,
    person: Person,
    chat: Chat,
    content: JsonDict,
    thread_id: int | None = None,
    reply_to: int | None = None,
    sender: JsonDict | None = None,
) -> JsonDict:
    may_post_closed = chat.members.get(person.id) in {"creator", "administrator"}
    placed = _placement(world, chat, thread_id, reply_to, may_post_closed)
    stored = world.add_message(
        chat, sender or person.as_user(), {**placed, **content}, outgoing=False
    )
    update_id = None
    if _reaches_bot(world, chat, content, placed):
        update_id = await world.updates.push("message", stored.data)
    return {"update_id": update_id, "message": stored.listing()}


def _keyboard_button(chat: Chat, text: str) -> JsonDict | None:
    keyboard = chat.reply_keyboard or {}
    for row in keyboard.get("keyboard", []):
        for button in row:
            if button.get("text") == text:
                return dict(button)
    return None


async def send_text(
    world: World,
    user_id: int,
    text: str,
    chat_id: int | None = None,
    thread_id: int | None = None,
    reply_to: int | None = None,
) -> JsonDict:
    person = person_of(world, user_id)
    chat = _chat_for(world, person, chat_id)
    if not text.strip():
        raise ActionError("an empty message cannot be sent")
    button = _keyboard_button(chat, text) if chat.person is not None else None
    if button is not None and (chat.reply_keyboard or {}).get("one_time_keyboard"):
        chat.reply_keyboard = None
        world.events.publish({"type": "chat", "chat_id": chat.id, "chat": chat.state()})
    if button is not None and button.get("request_contact"):
        return await share_contact(world, user_id, chat_id=chat.id)
    if button is not None and button.get("request_location"):
        return await share_location(world, user_id, *DEFAULT_LOCATION, chat_id=chat.id)
    content: JsonDict = {"text": text}
    if entities := detect_command(text):
        content["entities"] = entities
    return await _post(world, person, chat, content, thread_id, reply_to)


_OWN = object()


async def share_contact(
    world: World,
    user_id: int,
    chat_id: int | None = None,
    phone_number: str | None = None,
    owner_user_id: Any = _OWN,
    forwarded: bool = False,
) -> JsonDict:
    person = person_of(world, user_id)
    chat = _chat_for(world, person, chat_id)
    owner = (
        person
        if owner_user_id is _OWN
        else (None if owner_user_id is None else person_of(world, owner_user_id))
    )
    phone = phone_number or (owner.phone_number if owner else None)
    if not phone:
        raise ActionError("no phone number: give phone_number or create the user with one")
    contact: JsonDict = {
        "phone_number": phone,
        "first_name": owner.first_name if owner else "Contact",
    }
    if owner is not None:
        contact["user_id"] = owner.id
        if owner.last_name:
            contact["last_name"] = owner.last_name
    content: JsonDict = {"contact": contact}
    if forwarded:
        origin = owner or person
        content["forward_origin"] = {
            "type": "user",
            "sender_user": origin.as_user(),
            "date": world.now(),
        }
    return await _post(world, person, chat, content)


# Where a user is when they press a «send my location» button without saying where: the centre
# of Stavropol, the demo region's capital.
DEFAULT_LOCATION = (45.0428, 41.9734)


async def share_location(
    world: World, user_id: int, latitude: float, longitude: float, chat_id: int | None = None
) -> JsonDict:
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise ActionError("latitude within ±90, longitude within ±180")
    person = person_of(world, user_id)
    chat = _chat_for(world, person, chat_id)
    content: JsonDict = {"location": {"latitude": latitude, "longitude": longitude}}
    return await _post(world, person, chat, content)


async def send_file(
    world: World,
    user_id: int,
    kind: str,
    data: bytes,
    file_name: str | None = None,
    mime_type: str | None = None,
    caption: str | None = None,
    chat_id: int | None = None,
    thread_id: int | None = None,
    media_group_id: str | None = None,
) -> JsonDict:
    person = person_of(world, user_id)
    chat = _chat_for(world, person, chat_id)
    if len(data) > world.files.max_bytes:
        raise ActionError(f"the file is over {world.files.max_bytes} bytes", 413)
    if kind == "photo":
        try:
            stored = world.files.add_photo(data)
        except BotApiError:
            raise ActionError("a photo must be a PNG or JPEG image") from None
        content: JsonDict = {"photo": stored.as_photo()}
    else:
        stored = world.files.add_document(data, file_name, mime_type)
        content = {"document": stored.as_document()}
    if caption:
        content["caption"] = caption
    if media_group_id:
        content["media_group_id"] = media_group_id
    return await _post(world, person, chat, content, thread_id)


def _button_with(stored: StoredMessage, callback_data: str) -> bool:
    keyboard = stored.data.get("reply_markup", {}).get("inline_keyboard", [])
    return any(button.get("callback_data") == callback_data for row in keyboard for button in row)


async def click(
    world: World,
    user_id: int,
    chat_id: int,
    message_id: int,
    callback_data: str,
    crafted: bool = False,
) -> JsonDict:
    """A button press. `crafted` plays a modified client that sends any callback data on any
    message, as an attacker can: the bot must re-check everything it is told."""
    person = person_of(world, user_id)
    chat = _chat_for(world, person, chat_id)
    stored = world.message(chat, message_id)
    if stored is None:
        raise ActionError(f"message {message_id} not found in chat {chat_id}", 404)
    if not crafted and not _button_with(stored, callback_data):
        raise ActionError(
            f"message {message_id} has no button with callback_data {callback_data!r}"
        )
    query = world.new_callback(person.id, chat.id, message_id, callback_data)
    update = {
        "id": query.id,
        "from": person.as_user(),
        "message": stored.data,
        "chat_instance": str(abs(hash((chat.id, world.bot_user["id"])))),
        "data": callback_data,
    }
    update_id = await world.updates.push("callback_query", update)
    return {"update_id": update_id, "callback_query_id": query.id}


async def forward(
    world: World, user_id: int, from_chat_id: int, message_id: int, chat_id: int | None = None
) -> JsonDict:
    person = person_of(world, user_id)
    source_chat = _chat_for(world, person, from_chat_id)
    source = world.message(source_chat, message_id)
    if source is None:
        raise ActionError(f"message {message_id} not found in chat {from_chat_id}", 404)
    chat = _chat_for(world, person, chat_id)
    keys = ("text", "entities", "photo", "document", "caption", "caption_entities", "contact")
    content = {k: source.data[k] for k in keys if k in source.data}
    if not content:
        raise ActionError("this message cannot be forwarded")
    sender = source.data["from"]
    content["forward_origin"] = source.data.get("forward_origin") or {
        "type": "user",
        "sender_user": sender,
        "date": source.data["date"],
    }
    return await _post(world, person, chat, content)


async def block(world: World, user_id: int, blocked: bool) -> JsonDict:
    person = person_of(world, user_id)
    if person.blocked_bot == blocked:
        return {"update_id": None}
    person.blocked_bot = blocked
    chat = world.chats[person.id]
    statuses = ("member", "kicked") if blocked else ("kicked", "member")
    update = {
        "chat": chat.as_chat(),
        "from": person.as_user(),
        "date": world.now(),
        "old_chat_member": chat_member(world.bot_user, statuses[0]),
        "new_chat_member": chat_member(world.bot_user, statuses[1]),
    }
    world.events.publish(
        {"type": "chat", "chat_id": chat.id, "chat": chat.state(), "blocked_bot": blocked}
    )
    return {"update_id": await world.updates.push("my_chat_member", update)}


async def pay(
    world: World,
    user_id: int,
    chat_id: int | None = None,
    message_id: int | None = None,
    invoice_link: str | None = None,
) -> JsonDict:
    person = person_of(world, user_id)
    if invoice_link is not None:
        terms = world.invoice_links.get(invoice_link.removeprefix(INVOICE_LINK_PREFIX))
        chat = _chat_for(world, person, None)
    else:
        chat = _chat_for(world, person, chat_id)
        terms = world.invoices.get((chat.id, message_id or 0))
    if terms is None:
        raise ActionError("no such invoice", 404)
    pending = PreCheckout(id=str(secrets.randbits(62)))
    world.pre_checkouts[pending.id] = pending
    query = {
        "id": pending.id,
        "from": person.as_user(),
        "currency": terms["currency"],
        "total_amount": terms["total_amount"],
        "invoice_payload": terms["payload"],
    }
    update_id = await world.updates.push("pre_checkout_query", query)
    result: JsonDict = {"update_id": update_id, "pre_checkout_query_id": pending.id}
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(pending.answered.wait(), world.config.pre_checkout_timeout)
    if not pending.answered.is_set():
        world.pre_checkouts.pop(pending.id, None)
        return {
            **result,
            "ok": False,
            "error_message": "the bot did not answer the pre-checkout query in time",
        }
    if not pending.ok:
        return {**result, "ok": False, "error_message": pending.error_message}
    payment = {
        "currency": terms["currency"],
        "total_amount": terms["total_amount"],
        "invoice_payload": terms["payload"],
        "telegram_payment_charge_id": f"emu_{secrets.token_hex(8)}",
        "provider_payment_charge_id": f"prov_{secrets.token_hex(8)}",
    }
    posted = await _post(world, person, chat, {"successful_payment": payment})
    return {**result, "ok": True, "error_message": None, "message": posted["message"]}


async def send_as_channel(
    world: World, chat_id: int, text: str, thread_id: int | None = None
) -> JsonDict:
    try:
        chat = world.chat(chat_id)
    except BotApiError:
        raise ActionError(f"chat {chat_id} not found", 404) from None
    if not chat.is_group:
        raise ActionError("only a group has anonymous admins")
    anonymous = Person(id=ANONYMOUS_ADMIN_ID, first_name="Group")
    chat.members.setdefault(anonymous.id, "administrator")
    content: JsonDict = {"text": text, "sender_chat": chat.as_chat()}
    return await _post(world, anonymous, chat, content, thread_id, sender=dict(ANONYMOUS_ADMIN))
