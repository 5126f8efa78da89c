"""What every sending method shares: formatted text, keyboards, threads, replies, posting."""

from __future__ import annotations

from typing import Any

from emulator.entities import EntityParseError, parse_html
from emulator.errors import bad_request
from emulator.methods.call import Call
from emulator.world import Chat, JsonDict, StoredMessage

MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_CALLBACK_DATA_BYTES = 64
INLINE_ACTIONS = {
    "url",
    "callback_data",
    "web_app",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
}
# Fields of a message that copying or forwarding carries over.
CONTENT_KEYS = ("text", "entities", "photo", "document", "caption", "caption_entities", "contact")


def formatted(
    text: str, parse_mode: str | None, entities: list[JsonDict] | None
) -> tuple[str, list[JsonDict]]:
    if parse_mode is None or parse_mode == "":
        return text, list(entities or [])
    if parse_mode.lower() != "html":
        if parse_mode in {"Markdown", "MarkdownV2"}:
            return text, []  # not modelled: the text stays as sent
        raise bad_request(f"unsupported parse_mode: {parse_mode}")
    try:
        return parse_html(text)
    except EntityParseError as error:
        raise bad_request(f"can't parse entities: {error}") from None


def message_text(call: Call) -> tuple[str, list[JsonDict]]:
    text, entities = formatted(call.get("text", ""), call.get("parse_mode"), call.get("entities"))
    if not text.strip():
        raise bad_request("message text is empty")
    if len(text) > MAX_TEXT:
        raise bad_request("message is too long")
    return text, entities


def caption_of(call: Call, caption: str | None = None, **overrides: Any) -> JsonDict:
    """`caption` and `caption_entities` for a media message, or {} when there is none."""
    source = {**call.params, **overrides}
    raw = caption if caption is not None else source.get("caption")
    if not raw:
        return {}
    text, entities = formatted(raw, source.get("parse_mode"), source.get("caption_entities"))
    if len(text) > MAX_CAPTION:
        raise bad_request("message caption is too long")
    content: JsonDict = {"caption": text}
    if entities:
        content["caption_entities"] = entities
    return content


def check_inline_keyboard(markup: JsonDict) -> None:
    for row in markup.get("inline_keyboard", []):
        for button in row:
            actions = INLINE_ACTIONS & button.keys()
            if not button.get("text"):
                raise bad_request("BUTTON_TEXT_EMPTY")
            if len(actions) != 1:
                raise bad_request(
                    "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"
                )
            if "callback_data" in button:
                size = len(button["callback_data"].encode("utf-8"))
                if not 1 <= size <= MAX_CALLBACK_DATA_BYTES:
                    raise bad_request("BUTTON_DATA_INVALID")
            if "url" in button and not button["url"].startswith(("http://", "https://", "tg://")):
                raise bad_request(f"inline keyboard button URL '{button['url']}' is invalid")


def split_markup(markup: JsonDict | None) -> tuple[JsonDict | None, JsonDict | None]:
    """(inline keyboard kept in the message, reply keyboard or its removal for the chat)."""
    if markup is None:
        return None, None
    if "inline_keyboard" in markup:
        check_inline_keyboard(markup)
        return (markup if any(markup["inline_keyboard"]) else None), None
    if "keyboard" in markup:
        for row in markup["keyboard"]:
            for button in row:
                if not button.get("text"):
                    raise bad_request("keyboard button text is empty")
    return None, markup


def thread_of(call: Call, chat: Chat) -> JsonDict:
    thread_id = call.get("message_thread_id")
    if thread_id is None:
        return {}
    topic = chat.topics.get(thread_id)
    if topic is None:
        raise bad_request("message thread not found")
    content: JsonDict = {"message_thread_id": thread_id, "is_topic_message": True}
    opening = chat.messages.get(thread_id)
    if opening is not None:
        content["reply_to_message"] = quoted(opening)
    return content


def quoted(stored: StoredMessage) -> JsonDict:
    return {k: v for k, v in stored.data.items() if k != "reply_to_message"}


def reply_of(call: Call, chat: Chat) -> JsonDict:
    parameters = call.get("reply_parameters") or {}
    message_id = parameters.get("message_id", call.get("reply_to_message_id"))
    if message_id is None:
        return {}
    allow_missing = parameters.get(
        "allow_sending_without_reply", call.get("allow_sending_without_reply", False)
    )
    source_chat = call.world.chat(parameters["chat_id"]) if "chat_id" in parameters else chat
    stored = call.world.message(source_chat, message_id)
    if stored is None:
        if allow_missing:
            return {}
        raise bad_request("message to be replied not found")
    return {"reply_to_message": quoted(stored)}


def post(call: Call, chat: Chat, content: JsonDict) -> StoredMessage:
    """Posts the bot's message (after Telegram's checks and flood control) and returns it."""
    inline, reply_keyboard = split_markup(call.get("reply_markup"))
    placed = {**thread_of(call, chat), **reply_of(call, chat)}
    call.world.take_flood(chat, paid=bool(call.get("allow_paid_broadcast")))
    if inline is not None:
        content = {**content, "reply_markup": inline}
    if reply_keyboard is not None and chat.person is not None:
        chat.reply_keyboard = None if reply_keyboard.get("remove_keyboard") else reply_keyboard
    stored = call.world.add_message(
        chat,
        call.world.bot_user,
        {**placed, **content},
        outgoing=True,
        reply_keyboard=reply_keyboard,
    )
    return stored
