"""What the kit has seen in one chat, fed by the emulator's event stream, with bounded waits
that fail with the chat's transcript."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from emulator.kit.messages import SeenMessage

T = TypeVar("T")


class ExpectationFailed(AssertionError):
    """A kit expectation was not met; the message carries the chat transcript."""


@dataclass
class ChatLog:
    chat_id: int
    messages: list[SeenMessage] = field(default_factory=list)
    edits: list[SeenMessage] = field(default_factory=list)
    callback_answers: dict[str, dict[str, Any]] = field(default_factory=dict)
    reply_keyboard: dict[str, Any] | None = None
    consumed: set[int] = field(default_factory=set)
    edits_consumed: int = 0
    changed: asyncio.Condition = field(default_factory=asyncio.Condition)

    async def apply(self, event: dict[str, Any]) -> None:
        kind = event.get("type")
        if kind == "message":
            seen = SeenMessage(event["message"])
            self.messages.append(seen)
            if seen.outgoing and "reply_keyboard" in seen.raw:
                markup = seen.raw["reply_keyboard"]
                self.reply_keyboard = None if markup.get("remove_keyboard") else markup
        elif kind == "edit":
            edited = SeenMessage(event["message"])
            self._replace(edited)
            self.edits.append(edited)
        elif kind == "delete":
            for seen in self.messages:
                if seen.message_id == event["message_id"]:
                    seen.raw["deleted"] = True
        elif kind == "callback_answer":
            self.callback_answers[event["callback_query_id"]] = event
        elif kind == "chat" and "reply_keyboard" in event.get("chat", {}):
            self.reply_keyboard = event["chat"]["reply_keyboard"]
        async with self.changed:
            self.changed.notify_all()

    def _replace(self, edited: SeenMessage) -> None:
        for index, seen in enumerate(self.messages):
            if seen.message_id == edited.message_id:
                self.messages[index] = edited

    def next_bot_message(self, thread_id: int | None = None) -> SeenMessage | None:
        for seen in self.messages:
            if not seen.outgoing or not seen.has_content or seen.message_id in self.consumed:
                continue
            if thread_id is not None and seen.thread_id != thread_id:
                continue
            return seen
        return None

    async def wait_for(self, found: Callable[[], T | None], seconds: float, what: str) -> T:
        result: T | None = None

        def ready() -> bool:
            nonlocal result
            result = found()
            return result is not None

        async with self.changed:
            try:
                await asyncio.wait_for(self.changed.wait_for(ready), seconds)
            except TimeoutError:
                raise ExpectationFailed(f"{what} within {seconds} s\n{self.transcript()}") from None
        assert result is not None
        return result

    def transcript(self) -> str:
        lines = [f"--- chat {self.chat_id} ---"]
        for seen in self.messages:
            who = "bot" if seen.outgoing else seen.raw.get("from", {}).get("first_name", "?")
            arrow = "←" if seen.outgoing else "→"
            topic = f" #{seen.thread_id}" if seen.thread_id is not None else ""
            mark = "  " if seen.message_id not in self.consumed or not seen.outgoing else "✓ "
            lines.append(f"{mark}{arrow} {who}{topic}: {seen.summary()}")
        if self.reply_keyboard:
            rows = self.reply_keyboard.get("keyboard", [])
            lines.append("   keyboard: " + " | ".join(b["text"] for row in rows for b in row))
        return "\n".join(lines)
