"""sendChatAction, getChatMember, createForumTopic, editForumTopic, closeForumTopic,
reopenForumTopic."""

from __future__ import annotations

from emulator.errors import bad_request
from emulator.methods.call import Call, Handler
from emulator.world import Chat, JsonDict, Topic

CHAT_ACTIONS = {
    "typing",
    "upload_photo",
    "record_video",
    "upload_video",
    "record_voice",
    "upload_voice",
    "upload_document",
    "choose_sticker",
    "find_location",
    "record_video_note",
    "upload_video_note",
}
TOPIC_COLORS = {7322096, 16766590, 13338331, 9367192, 16749490, 16478047}
ADMINISTRATOR_RIGHTS = (
    "can_manage_chat",
    "can_delete_messages",
    "can_manage_video_chats",
    "can_restrict_members",
    "can_promote_members",
    "can_change_info",
    "can_invite_users",
    "can_post_stories",
    "can_edit_stories",
    "can_delete_stories",
    "can_pin_messages",
    "can_manage_topics",
    "can_send_welcome_messages",  # Bot API 10.3, required by aiogram 3.31
)


async def send_chat_action(call: Call) -> bool:
    chat = call.world.writable_chat(call.chat_id())
    if call.get("action") not in CHAT_ACTIONS:
        raise bad_request("wrong parameter action in request")
    call.world.events.publish(
        {"type": "chat_action", "chat_id": chat.id, "action": call.get("action")}
    )
    return True


def chat_member(user: JsonDict, status: str) -> JsonDict:
    member: JsonDict = {"status": status, "user": user}
    if status == "creator":
        member["is_anonymous"] = False
    elif status == "administrator":
        member.update({"can_be_edited": False, "is_anonymous": False})
        member.update(dict.fromkeys(ADMINISTRATOR_RIGHTS, True))
    elif status == "kicked":
        member["until_date"] = 0
    return member


async def get_chat_member(call: Call) -> JsonDict:
    world = call.world
    chat = world.chat(call.chat_id())
    user_id = call.get("user_id")
    if user_id == world.bot_user["id"]:
        return chat_member(world.bot_user, world.bot_status(chat))
    person = world.people.get(user_id)
    if person is None:
        raise bad_request("PARTICIPANT_ID_INVALID")
    if chat.person is not None:
        status = "member" if person.id == chat.id else "left"
    else:
        status = chat.members.get(person.id, "left")
    return chat_member(person.as_user(), status)


def forum(call: Call) -> Chat:
    chat = call.world.chat(call.chat_id())
    if chat.type != "supergroup":
        raise bad_request("the chat is not a forum")
    if call.world.bot_status(chat) not in {"creator", "administrator"}:
        raise bad_request("not enough rights to manage topics in the chat")
    return chat


def topic_of(call: Call, chat: Chat) -> Topic:
    topic = chat.topics.get(call.get("message_thread_id"))
    if topic is None:
        raise bad_request("TOPIC_ID_INVALID")
    return topic


def service_message(call: Call, chat: Chat, thread_id: int | None, content: JsonDict) -> int:
    placed: JsonDict = {}
    if thread_id is not None:
        placed = {"message_thread_id": thread_id, "is_topic_message": True}
    stored = call.world.add_message(chat, call.world.bot_user, {**placed, **content}, outgoing=True)
    return stored.message_id


async def create_forum_topic(call: Call) -> JsonDict:
    chat = forum(call)
    name = call.get("name", "")
    if not 1 <= len(name) <= 128:
        raise bad_request("TOPIC_TITLE_EMPTY" if not name else "TOPIC_TITLE_TOO_LONG")
    color = call.get("icon_color", 7322096)
    if color not in TOPIC_COLORS:
        raise bad_request("TOPIC_ICON_COLOR_INVALID")
    thread_id = chat.next_message_id
    topic = Topic(thread_id, name, color, call.get("icon_custom_emoji_id"))
    chat.topics[thread_id] = topic
    service_message(
        call, chat, thread_id, {"forum_topic_created": {"name": name, "icon_color": color}}
    )
    call.world.events.publish({"type": "chat", "chat_id": chat.id, "chat": chat.state()})
    result: JsonDict = {"message_thread_id": thread_id, "name": name, "icon_color": color}
    if topic.icon_custom_emoji_id:
        result["icon_custom_emoji_id"] = topic.icon_custom_emoji_id
    return result


async def edit_forum_topic(call: Call) -> bool:
    chat = forum(call)
    topic = topic_of(call, chat)
    name = call.get("name")
    emoji = call.get("icon_custom_emoji_id")
    if (name is None or name == topic.name) and (
        emoji is None or emoji == topic.icon_custom_emoji_id
    ):
        raise bad_request("TOPIC_NOT_MODIFIED")
    if name is not None and not 1 <= len(name) <= 128:
        raise bad_request("TOPIC_TITLE_EMPTY" if not name else "TOPIC_TITLE_TOO_LONG")
    edited: JsonDict = {}
    if name is not None:
        topic.name = edited["name"] = name
    if emoji is not None:
        topic.icon_custom_emoji_id = edited["icon_custom_emoji_id"] = emoji
    service_message(call, chat, topic.message_thread_id, {"forum_topic_edited": edited})
    call.world.events.publish({"type": "chat", "chat_id": chat.id, "chat": chat.state()})
    return True


async def set_topic_closed(call: Call, closed: bool) -> bool:
    chat = forum(call)
    topic = topic_of(call, chat)
    if topic.is_closed == closed:
        raise bad_request("TOPIC_NOT_MODIFIED")
    topic.is_closed = closed
    event = "forum_topic_closed" if closed else "forum_topic_reopened"
    service_message(call, chat, topic.message_thread_id, {event: {}})
    call.world.events.publish({"type": "chat", "chat_id": chat.id, "chat": chat.state()})
    return True


async def close_forum_topic(call: Call) -> bool:
    return await set_topic_closed(call, closed=True)


async def reopen_forum_topic(call: Call) -> bool:
    return await set_topic_closed(call, closed=False)


HANDLERS: dict[str, Handler] = {
    "sendChatAction": send_chat_action,
    "getChatMember": get_chat_member,
    "createForumTopic": create_forum_topic,
    "editForumTopic": edit_forum_topic,
    "closeForumTopic": close_forum_topic,
    "reopenForumTopic": reopen_forum_topic,
}
