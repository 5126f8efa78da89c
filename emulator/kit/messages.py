"""A message as the test kit sees it: the Bot API JSON the emulator lists, with handy views."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

CONTENT_KEYS = (
    "text",
    "caption",
    "photo",
    "document",
    "invoice",
    "contact",
    "venue",
    "location",
    "successful_payment",
)


@dataclass
class SeenMessage:
    raw: dict[str, Any]

    @property
    def message_id(self) -> int:
        return int(self.raw["message_id"])

    @property
    def chat_id(self) -> int:
        return int(self.raw["chat"]["id"])

    @property
    def thread_id(self) -> int | None:
        value = self.raw.get("message_thread_id")
        return int(value) if value is not None else None

    @property
    def outgoing(self) -> bool:
        """True when the bot sent it."""
        return bool(self.raw.get("outgoing"))

    @property
    def deleted(self) -> bool:
        return bool(self.raw.get("deleted"))

    @property
    def text(self) -> str:
        """The text, or the caption of a photo or document ("" when there is neither)."""
        return str(self.raw.get("text") or self.raw.get("caption") or "")

    @property
    def has_content(self) -> bool:
        """False for service messages (a topic created or closed)."""
        return any(key in self.raw for key in CONTENT_KEYS)

    @property
    def buttons(self) -> list[list[str]]:
        """Texts of the inline keyboard, row by row."""
        rows = self.raw.get("reply_markup", {}).get("inline_keyboard", [])
        return [[button["text"] for button in row] for row in rows]

    @property
    def button_list(self) -> list[str]:
        return [text for row in self.buttons for text in row]

    def inline_button(self, text_or_data: str) -> dict[str, Any] | None:
        for row in self.raw.get("reply_markup", {}).get("inline_keyboard", []):
            for button in row:
                if text_or_data in (button.get("text"), button.get("callback_data")):
                    return dict(button)
        return None

    @property
    def reply_keyboard(self) -> list[list[str]] | None:
        """The reply keyboard sent with this message ([] when it removed one)."""
        markup = self.raw.get("reply_keyboard")
        if markup is None:
            return None
        return [[button["text"] for button in row] for row in markup.get("keyboard", [])]

    @property
    def photo(self) -> list[dict[str, Any]] | None:
        photo = self.raw.get("photo")
        return list(photo) if photo is not None else None

    @property
    def document(self) -> dict[str, Any] | None:
        document = self.raw.get("document")
        return dict(document) if document is not None else None

    @property
    def venue(self) -> dict[str, Any] | None:
        venue = self.raw.get("venue")
        return dict(venue) if venue is not None else None

    def summary(self) -> str:
        body = self.text or next(
            (f"<{key}>" for key in CONTENT_KEYS if key in self.raw), "<service>"
        )
        if "forum_topic_created" in self.raw:
            body = f"<topic created: {self.raw['forum_topic_created']['name']}>"
        parts = [body.replace("\n", "⏎")]
        if self.buttons:
            parts.append("[" + " | ".join(self.button_list) + "]")
        keyboard = self.reply_keyboard
        if keyboard:
            parts.append("{" + " | ".join(t for row in keyboard for t in row) + "}")
        if self.raw.get("edit_date"):
            parts.append("(edited)")
        if self.deleted:
            parts.append("(deleted)")
        return " ".join(parts)
