"""The emulated Telegram: one bot, its users, their private chats, one staff forum supergroup,
messages, files, callback queries, invoices and the bot's update queue.

Messages are kept as the Bot API's own `Message` JSON, so what the bot, the web chat and the test
kit read is exactly what Telegram would give them.
"""

from __future__ import annotations

import asyncio
import re
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from emulator.clock import Clock, SystemClock
from emulator.config import EmulatorConfig
from emulator.errors import CHAT_NOT_FOUND, NOT_FOUND, UNAUTHORIZED, bad_request, forbidden
from emulator.events import EventBus
from emulator.files import FileStore
from emulator.limits import FloodControl
from emulator.updates import UpdateQueue

JsonDict = dict[str, Any]
_TOKEN = re.compile(r"^(\d{1,20}):([A-Za-z0-9_-]{1,64})$")
ANONYMOUS_ADMIN_ID = 1087968824
ANONYMOUS_ADMIN: dict[str, Any] = {
    "id": ANONYMOUS_ADMIN_ID,
    "is_bot": True,
    "first_name": "Group",
    "username": "GroupAnonymousBot",
}
FIRST_USER_ID = 700000001


@dataclass
class Person:
    id: int
    first_name: str
    last_name: str | None = None
    username: str | None = None
    language_code: str = "ru"
    phone_number: str | None = None
    blocked_bot: bool = False

    def as_user(self) -> JsonDict:
        user: JsonDict = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        for key in ("last_name", "username", "language_code"):
            if getattr(self, key):
                user[key] = getattr(self, key)
        return user


@dataclass
class Topic:
    message_thread_id: int
    name: str
    icon_color: int
    icon_custom_emoji_id: str | None = None
    is_closed: bool = False

    def as_json(self) -> JsonDict:
        return {
            "message_thread_id": self.message_thread_id,
            "name": self.name,
            "is_closed": self.is_closed,
        }


@dataclass
class StoredMessage:
    data: JsonDict
    outgoing: bool
    deleted: bool = False
    reply_keyboard: JsonDict | None = None

    @property
    def message_id(self) -> int:
        return int(self.data["message_id"])

    def listing(self) -> JsonDict:
        """The message as the control API lists it (Bot API JSON plus the emulator's marks)."""
        extra: JsonDict = {"outgoing": self.outgoing, "deleted": self.deleted}
        if self.reply_keyboard is not None:
            extra["reply_keyboard"] = self.reply_keyboard
        return {**self.data, **extra}


@dataclass
class Chat:
    id: int
    type: str
    title: str | None = None
    person: Person | None = None
    members: dict[int, str] = field(default_factory=dict)
    topics: dict[int, Topic] = field(default_factory=dict)
    messages: dict[int, StoredMessage] = field(default_factory=dict)
    reply_keyboard: JsonDict | None = None
    next_message_id: int = 1

    @property
    def is_group(self) -> bool:
        return self.type in {"group", "supergroup"}

    def as_chat(self) -> JsonDict:
        if self.person is not None:
            chat = {
                k: v
                for k, v in self.person.as_user().items()
                if k in {"first_name", "last_name", "username"}
            }
            return {"id": self.id, "type": "private", **chat}
        return {
            "id": self.id,
            "type": self.type,
            "title": self.title,
            "is_forum": bool(self.topics) or self.type == "supergroup",
        }

    def state(self) -> JsonDict:
        return {
            **self.as_chat(),
            "topics": [t.as_json() for t in self.topics.values()],
            "members": [{"user_id": uid, "status": status} for uid, status in self.members.items()],
            "reply_keyboard": self.reply_keyboard,
        }


@dataclass
class CallbackQuery:
    id: str
    user_id: int
    chat_id: int
    message_id: int
    data: str
    created: float
    answered: bool = False
    text: str | None = None
    show_alert: bool = False
    url: str | None = None

    def answer_json(self) -> JsonDict:
        return {
            "answered": self.answered,
            "text": self.text,
            "show_alert": self.show_alert,
            "url": self.url,
        }


@dataclass
class PreCheckout:
    id: str
    answered: asyncio.Event = field(default_factory=asyncio.Event)
    ok: bool = False
    error_message: str | None = None


@dataclass
class BotIdentity:
    token: str
    id: int
    username: str
    first_name: str

    def as_user(self) -> JsonDict:
        return {
            "id": self.id,
            "is_bot": True,
            "first_name": self.first_name,
            "username": self.username,
        }


class World:
    def __init__(
        self,
        config: EmulatorConfig,
        events: EventBus,
        clock: Clock | None = None,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.config = config
        self.events = events
        self.clock: Clock = clock or SystemClock()
        self.monotonic = monotonic
        self.flood_limits = config.flood_limits
        self.bot: BotIdentity | None = None
        if config.token is not None:
            self.bot = self._identity(config.token)
        self.reset()

    def reset(self) -> None:
        self.people: dict[int, Person] = {}
        self.chats: dict[int, Chat] = {}
        self.files = FileStore(self.config.max_file_bytes)
        self.updates = UpdateQueue(self.config.webhook_retry_first, self.config.webhook_retry_max)
        self.callbacks: dict[str, CallbackQuery] = {}
        self.pre_checkouts: dict[str, PreCheckout] = {}
        self.invoice_links: dict[str, JsonDict] = {}
        self.invoices: dict[tuple[int, int], JsonDict] = {}
        self.commands_by_scope: dict[str, list[JsonDict]] = {}
        self.flood = FloodControl(self.monotonic)
        self._next_user_id = FIRST_USER_ID
        self.staff_chat_id: int | None = None
        if self.config.staff_chat_id is not None:
            self.create_staff(self.config.staff_title, self.config.staff_chat_id)

    # --- the bot -------------------------------------------------------------------------
    def _identity(self, token: str) -> BotIdentity:
        match = _TOKEN.match(token)
        if match is None:
            raise NOT_FOUND
        return BotIdentity(
            token, int(match.group(1)), self.config.bot_username, self.config.bot_first_name
        )

    def authorize(self, token: str) -> BotIdentity:
        """The bot behind `token`: 404 for a malformed token, 401 for another bot's."""
        identity = self._identity(token)
        if self.bot is None:
            self.bot = identity
        if token != self.bot.token:
            raise UNAUTHORIZED
        return self.bot

    @property
    def bot_user(self) -> JsonDict:
        if self.bot is None:
            return {
                "id": 0,
                "is_bot": True,
                "first_name": self.config.bot_first_name,
                "username": self.config.bot_username,
            }
        return self.bot.as_user()

    # --- people and chats ----------------------------------------------------------------
    def add_person(self, first_name: str, **details: Any) -> Person:
        person = Person(id=self._next_user_id, first_name=first_name, **details)
        self._next_user_id += 1
        self.people[person.id] = person
        self.chats[person.id] = Chat(id=person.id, type="private", person=person)
        self.events.publish(
            {"type": "chat", "chat_id": person.id, "chat": self.chats[person.id].state()}
        )
        return person

    def create_staff(self, title: str, chat_id: int) -> Chat:
        chat = Chat(id=chat_id, type="supergroup", title=title)
        self.chats[chat_id] = chat
        self.staff_chat_id = chat_id
        self.events.publish({"type": "chat", "chat_id": chat_id, "chat": chat.state()})
        return chat

    def person(self, user_id: int) -> Person:
        person = self.people.get(user_id)
        if person is None:
            raise bad_request("user not found")
        return person

    def chat(self, chat_id: int | str) -> Chat:
        if isinstance(chat_id, str):
            try:
                chat_id = int(chat_id)
            except ValueError:
                raise bad_request(CHAT_NOT_FOUND) from None
        chat = self.chats.get(chat_id)
        if chat is None:
            raise bad_request(CHAT_NOT_FOUND)
        return chat

    def writable_chat(self, chat_id: int | str) -> Chat:
        """A chat the bot may post to, or Telegram's refusal."""
        chat = self.chat(chat_id)
        if chat.person is not None and chat.person.blocked_bot:
            raise forbidden("bot was blocked by the user")
        if chat.is_group and self.bot_status(chat) in {"left", "kicked"}:
            raise forbidden("bot is not a member of the supergroup chat")
        return chat

    def bot_status(self, chat: Chat) -> str:
        if chat.person is not None:
            return "member"
        return chat.members.get(self.bot_user["id"], "administrator")  # the bot runs the group

    def take_flood(self, chat: Chat, *, paid: bool = False) -> None:
        if self.flood_limits:
            self.flood.take(chat.id, chat.is_group, paid=paid)

    # --- messages ------------------------------------------------------------------------
    def now(self) -> int:
        return int(self.clock.now().timestamp())

    def add_message(
        self,
        chat: Chat,
        sender: JsonDict,
        content: JsonDict,
        outgoing: bool,
        reply_keyboard: JsonDict | None = None,
    ) -> StoredMessage:
        message_id = chat.next_message_id
        chat.next_message_id += 1
        data = {
            "message_id": message_id,
            "from": sender,
            "chat": chat.as_chat(),
            "date": self.now(),
            **content,
        }
        stored = StoredMessage(data, outgoing=outgoing, reply_keyboard=reply_keyboard)
        chat.messages[message_id] = stored
        self.events.publish({"type": "message", "chat_id": chat.id, "message": stored.listing()})
        return stored

    def message(self, chat: Chat, message_id: int) -> StoredMessage | None:
        stored = chat.messages.get(message_id)
        if stored is None or stored.deleted:
            return None
        return stored

    def publish_edit(self, chat: Chat, stored: StoredMessage) -> None:
        self.events.publish({"type": "edit", "chat_id": chat.id, "message": stored.listing()})

    def new_callback(self, user_id: int, chat_id: int, message_id: int, data: str) -> CallbackQuery:
        query = CallbackQuery(
            id=str(secrets.randbits(62)),
            user_id=user_id,
            chat_id=chat_id,
            message_id=message_id,
            data=data,
            created=self.monotonic(),
        )
        self.callbacks[query.id] = query
        return query

    def state(self) -> JsonDict:
        return {
            "bot": self.bot_user,
            "users": [
                {**p.as_user(), "phone_number": p.phone_number, "blocked_bot": p.blocked_bot}
                for p in self.people.values()
            ],
            "chats": [c.state() for c in self.chats.values()],
            "staff_chat_id": self.staff_chat_id,
            "settings": {"flood_limits": self.flood_limits},
        }
