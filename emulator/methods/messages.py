"""sendMessage, editMessageText, editMessageReplyMarkup, deleteMessage, forwardMessage,
copyMessage."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from emulator.errors import bad_request
from emulator.methods.call import Call, Handler
from emulator.methods.common import (
    CONTENT_KEYS,
    caption_of,
    message_text,
    post,
    split_markup,
)
from emulator.world import Chat, JsonDict, StoredMessage

NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly "
    "the same as a current content and reply markup of the message"
)
DELETE_WINDOW = timedelta(hours=48)


def text_content(text: str, entities: list[JsonDict]) -> JsonDict:
    return {"text": text, "entities": entities} if entities else {"text": text}


async def send_message(call: Call) -> JsonDict:
    chat = call.world.writable_chat(call.chat_id())
    text, entities = message_text(call)
    return post(call, chat, text_content(text, entities)).data


def editable(call: Call) -> tuple[Chat, StoredMessage]:
    if call.get("inline_message_id") is not None:
        raise bad_request("MESSAGE_ID_INVALID")
    if call.get("message_id") is None:
        raise bad_request("message identifier is not specified")
    chat = call.world.chat(call.chat_id())
    stored = call.world.message(chat, call.get("message_id"))
    if stored is None:
        raise bad_request("message to edit not found")
    if not stored.outgoing:
        raise bad_request("message can't be edited")
    return chat, stored


def inline_markup(call: Call) -> JsonDict | None:
    inline, _ = split_markup(call.get("reply_markup"))
    return inline


def apply_edit(call: Call, chat: Chat, stored: StoredMessage, changes: JsonDict) -> JsonDict:
    """Replaces `changes` (None removes a field); Telegram refuses an edit that changes nothing."""
    current = {key: stored.data.get(key) for key in changes}
    if current == changes:
        raise bad_request(NOT_MODIFIED)
    for key, value in changes.items():
        if value is None:
            stored.data.pop(key, None)
        else:
            stored.data[key] = value
    stored.data["edit_date"] = call.world.now()
    call.world.publish_edit(chat, stored)
    return stored.data


async def edit_message_text(call: Call) -> JsonDict:
    chat, stored = editable(call)
    if "text" not in stored.data:
        raise bad_request("there is no text in the message to edit")
    text, entities = message_text(call)
    changes = {"text": text, "entities": entities or None, "reply_markup": inline_markup(call)}
    return apply_edit(call, chat, stored, changes)


async def edit_message_reply_markup(call: Call) -> JsonDict:
    chat, stored = editable(call)
    return apply_edit(call, chat, stored, {"reply_markup": inline_markup(call)})


async def delete_message(call: Call) -> bool:
    chat = call.world.chat(call.chat_id())
    stored = call.world.message(chat, call.get("message_id"))
    if stored is None:
        raise bad_request("message to delete not found")
    too_old = call.world.now() - int(stored.data["date"]) > DELETE_WINDOW.total_seconds()
    if chat.person is not None and too_old:
        raise bad_request("message can't be deleted for everyone")
    if (
        chat.is_group
        and not stored.outgoing
        and call.world.bot_status(chat)
        not in {
            "creator",
            "administrator",
        }
    ):
        raise bad_request("message can't be deleted")
    stored.deleted = True
    call.world.events.publish(
        {"type": "delete", "chat_id": chat.id, "message_id": stored.message_id}
    )
    return True


def source_message(call: Call, missing: str) -> StoredMessage:
    source_chat = call.world.chat(call.chat_id("from_chat_id"))
    stored = call.world.message(source_chat, call.get("message_id"))
    if stored is None:
        raise bad_request(missing)
    return stored


def origin_of(stored: StoredMessage) -> JsonDict:
    data = stored.data
    if "forward_origin" in data:
        return dict(data["forward_origin"])
    if "sender_chat" in data:
        return {"type": "chat", "sender_chat": data["sender_chat"], "date": data["date"]}
    return {"type": "user", "sender_user": data["from"], "date": data["date"]}


def copied_content(stored: StoredMessage) -> JsonDict:
    content = {key: stored.data[key] for key in CONTENT_KEYS if key in stored.data}
    if not content:
        raise bad_request("message can't be copied")
    return content


async def forward_message(call: Call) -> JsonDict:
    stored = source_message(call, "message to forward not found")
    chat = call.world.writable_chat(call.chat_id())
    content = {**copied_content(stored), "forward_origin": origin_of(stored)}
    return post(call, chat, content).data


async def copy_message(call: Call) -> dict[str, Any]:
    stored = source_message(call, "message to copy not found")
    chat = call.world.writable_chat(call.chat_id())
    content = copied_content(stored)
    if call.get("caption") is not None and "text" not in content:
        content = {k: v for k, v in content.items() if k not in {"caption", "caption_entities"}}
        content.update(caption_of(call))
    copy = post(call, chat, content)
    return {"message_id": copy.message_id}


HANDLERS: dict[str, Handler] = {
    "sendMessage": send_message,
    "editMessageText": edit_message_text,
    "editMessageReplyMarkup": edit_message_reply_markup,
    "deleteMessage": delete_message,
    "forwardMessage": forward_message,
    "copyMessage": copy_message,
}
