"""People in the emulated Telegram, driven by tests: a customer in a private chat with the bot
(`UserClient`) and the staff supergroup (`GroupClient`)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING, Any

import aiohttp

from emulator.kit.chatlog import ChatLog, ExpectationFailed
from emulator.kit.messages import SeenMessage

if TYPE_CHECKING:
    from emulator.kit.harness import EmulatorHarness

DEFAULT_TIMEOUT = 5.0
# The kit's public waits take `timeout=` (the name tests read best); they are bounded waits on
# events, which is what ruff's ASYNC109 wants, hence the noqa on them.
QUIET_WINDOW = 0.3


def _bytes_of(source: Path | str | bytes) -> tuple[bytes, str | None]:
    if isinstance(source, bytes):
        return source, None
    path = Path(source)
    return path.read_bytes(), path.name


async def expect_bot_message(
    log: ChatLog, contains: str | None, seconds: float, thread_id: int | None = None
) -> SeenMessage:
    where = f" in topic {thread_id}" if thread_id is not None else ""
    seen = await log.wait_for(
        lambda: log.next_bot_message(thread_id), seconds, f"no message from the bot{where}"
    )
    log.consumed.add(seen.message_id)
    if contains is not None and contains not in seen.text:
        raise ExpectationFailed(
            f"the bot's next message{where} does not contain {contains!r}: {seen.text!r}\n"
            f"{log.transcript()}"
        )
    return seen


async def expect_no_bot_message(log: ChatLog, within: float, thread_id: int | None = None) -> None:
    try:
        seen = await log.wait_for(lambda: log.next_bot_message(thread_id), within, "")
    except ExpectationFailed:
        return
    raise ExpectationFailed(
        f"the bot sent an unexpected message: {seen.text!r}\n{log.transcript()}"
    )


class UserClient:
    """A customer: `user.send("12345")`, `await user.expect_message(contains="...")`."""

    def __init__(self, harness: EmulatorHarness, user: dict[str, Any]) -> None:
        self.harness = harness
        self.user = user
        self.id: int = int(user["id"])
        self.first_name: str = str(user["first_name"])
        self.phone: str | None = user.get("phone_number")
        self.log = harness.chat_log(self.id)
        self.last_callback_query_id: str | None = None

    async def _act(self, action: str, **body: Any) -> dict[str, Any]:
        result: dict[str, Any] = await self.harness.control(
            "POST", f"/_emu/users/{self.id}/{action}", json=body
        )
        return result

    async def send(self, text: str, reply_to: SeenMessage | None = None) -> SeenMessage:
        body: dict[str, Any] = {"text": text}
        if reply_to is not None:
            body["reply_to_message_id"] = reply_to.message_id
        return SeenMessage((await self._act("send", **body))["message"])

    async def share_contact(
        self, phone: str | None = None, owner: UserClient | None = None, forwarded: bool = False
    ) -> SeenMessage:
        body: dict[str, Any] = {"forwarded": forwarded}
        if phone is not None:
            body["phone_number"] = phone
        if owner is not None:
            body["owner_user_id"] = owner.id
        return SeenMessage((await self._act("contact", **body))["message"])

    async def share_location(self, latitude: float, longitude: float) -> SeenMessage:
        body = {"latitude": latitude, "longitude": longitude}
        return SeenMessage((await self._act("location", **body))["message"])

    async def _upload(
        self,
        kind: str,
        source: Path | str | bytes,
        caption: str | None,
        file_name: str | None = None,
        mime_type: str | None = None,
        chat_id: int | None = None,
        thread_id: int | None = None,
    ) -> SeenMessage:
        data, name = _bytes_of(source)
        form = aiohttp.FormData()
        form.add_field(
            "file",
            io.BytesIO(data),  # aiohttp warns about large bytes bodies, not about streams
            filename=file_name or name or f"{kind}.bin",
            content_type=mime_type or "application/octet-stream",
        )
        for key, value in (
            ("caption", caption),
            ("chat_id", chat_id),
            ("message_thread_id", thread_id),
        ):
            if value is not None:
                form.add_field(key, str(value))
        result = await self.harness.control("POST", f"/_emu/users/{self.id}/{kind}", data=form)
        return SeenMessage(result["message"])

    async def send_photo(
        self, source: Path | str | bytes, caption: str | None = None
    ) -> SeenMessage:
        return await self._upload("photo", source, caption, mime_type="image/jpeg")

    async def send_document(
        self,
        source: Path | str | bytes,
        caption: str | None = None,
        file_name: str | None = None,
        mime_type: str | None = None,
    ) -> SeenMessage:
        return await self._upload("document", source, caption, file_name, mime_type)

    def _latest_with_button(self, label: str) -> SeenMessage | None:
        for seen in reversed(self.log.messages):
            if seen.outgoing and not seen.deleted and seen.inline_button(label) is not None:
                return seen
        return None

    def _reply_button(self, label: str) -> bool:
        rows = (self.log.reply_keyboard or {}).get("keyboard", [])
        return any(button.get("text") == label for row in rows for button in row)

    async def click(self, label: str, message: SeenMessage | None = None) -> str | None:
        """Presses an inline button (by text or callback_data) on `message` or on the latest
        bot message having it, or a reply-keyboard button. The callback query id, if any."""
        if message is None:
            await self.log.wait_for(
                lambda: self._latest_with_button(label) or self._reply_button(label) or None,
                DEFAULT_TIMEOUT,
                f"no button {label!r} to press",
            )
        target = message or self._latest_with_button(label)
        button = target.inline_button(label) if target is not None else None
        if target is not None and button is not None:
            if "callback_data" not in button:
                raise ExpectationFailed(f"button {label!r} is not a callback button: {button}")
            result = await self._act(
                "click",
                chat_id=target.chat_id,
                message_id=target.message_id,
                callback_data=button["callback_data"],
            )
            self.last_callback_query_id = str(result["callback_query_id"])
            return self.last_callback_query_id
        if message is None and self._reply_button(label):
            await self.send(label)
            return None
        raise ExpectationFailed(f"no button {label!r} to press\n{self.log.transcript()}")

    async def click_crafted(self, callback_data: str, message: SeenMessage | None = None) -> str:
        """Sends `callback_data` as if pressed on `message` (default: the bot's latest message),
        whatever buttons it has: what a modified client can do. The callback query id."""
        target = message or next((m for m in reversed(self.log.messages) if m.outgoing), None)
        if target is None:
            raise ExpectationFailed(f"no bot message to press on\n{self.log.transcript()}")
        result = await self._act(
            "click",
            chat_id=target.chat_id,
            message_id=target.message_id,
            callback_data=callback_data,
            crafted=True,
        )
        self.last_callback_query_id = str(result["callback_query_id"])
        return self.last_callback_query_id

    async def forward(self, message: SeenMessage) -> SeenMessage:
        result = await self._act(
            "forward", from_chat_id=message.chat_id, message_id=message.message_id
        )
        return SeenMessage(result["message"])

    async def block(self, blocked: bool = True) -> None:
        await self._act("block", blocked=blocked)

    async def unblock(self) -> None:
        await self.block(False)

    async def pay(
        self, message: SeenMessage | None = None, invoice_link: str | None = None
    ) -> dict[str, Any]:
        """Pays an invoice (the latest one by default): pre-checkout query, then, when the
        bot says ok, `successful_payment`. The control API's answer (`ok`, `error_message`)."""
        if invoice_link is not None:
            return await self._act("pay", invoice_link=invoice_link)
        log = self.log

        def latest_invoice() -> SeenMessage | None:
            return next(
                (m for m in reversed(log.messages) if "invoice" in m.raw and m.outgoing), None
            )

        target = message or await log.wait_for(latest_invoice, DEFAULT_TIMEOUT, "no invoice to pay")
        assert target is not None  # wait_for returns only what it found
        return await self._act("pay", chat_id=target.chat_id, message_id=target.message_id)

    async def expect_message(
        self,
        contains: str | None = None,
        timeout: float = DEFAULT_TIMEOUT,  # noqa: ASYNC109
    ) -> SeenMessage:
        """The bot's next message in this chat not yet taken by an earlier expectation."""
        return await expect_bot_message(self.log, contains, timeout)

    async def expect_edit(
        self,
        contains: str | None = None,
        timeout: float = DEFAULT_TIMEOUT,  # noqa: ASYNC109
    ) -> SeenMessage:
        log = self.log

        def next_edit() -> SeenMessage | None:
            return log.edits[log.edits_consumed] if len(log.edits) > log.edits_consumed else None

        edited = await log.wait_for(next_edit, timeout, "no edit by the bot")
        log.edits_consumed += 1
        if contains is not None and contains not in edited.text:
            raise ExpectationFailed(
                f"the edited message does not contain {contains!r}: {edited.text!r}\n"
                f"{log.transcript()}"
            )
        return edited

    async def expect_callback_answer(
        self,
        callback_query_id: str | None = None,
        timeout: float = DEFAULT_TIMEOUT,  # noqa: ASYNC109
    ) -> dict[str, Any]:
        """The bot's answer to the last click: `{"text", "show_alert", "url"}`."""
        query_id = callback_query_id or self.last_callback_query_id
        if query_id is None:
            raise ExpectationFailed("no button was pressed")
        return await self.log.wait_for(
            lambda: self.log.callback_answers.get(query_id),
            timeout,
            "no answer to the button press",
        )

    async def expect_no_message(self, within: float = QUIET_WINDOW) -> None:
        await expect_no_bot_message(self.log, within)

    @property
    def reply_keyboard(self) -> list[str]:
        rows = (self.log.reply_keyboard or {}).get("keyboard", [])
        return [button["text"] for row in rows for button in row]

    def transcript(self) -> str:
        return self.log.transcript()


class GroupClient:
    """The staff supergroup: members, topics, their messages, the bot's messages there."""

    def __init__(self, harness: EmulatorHarness, chat_id: int) -> None:
        self.harness = harness
        self.chat_id = chat_id
        self.log = harness.chat_log(chat_id)

    async def add_member(self, user: UserClient, status: str = "member") -> None:
        await self.harness.control(
            "POST",
            f"/_emu/chats/{self.chat_id}/members",
            json={"user_id": user.id, "status": status},
        )

    async def set_bot_status(self, status: str) -> None:
        bot_id = (await self.harness.state())["bot"]["id"]
        await self.harness.control(
            "POST",
            f"/_emu/chats/{self.chat_id}/members",
            json={"user_id": bot_id, "status": status},
        )

    async def send(
        self,
        user: UserClient,
        text: str,
        thread_id: int | None = None,
        reply_to: SeenMessage | None = None,
    ) -> SeenMessage:
        body: dict[str, Any] = {"text": text, "chat_id": self.chat_id}
        if thread_id is not None:
            body["message_thread_id"] = thread_id
        if reply_to is not None:
            body["reply_to_message_id"] = reply_to.message_id
        result = await self.harness.control("POST", f"/_emu/users/{user.id}/send", json=body)
        return SeenMessage(result["message"])

    async def send_anonymously(self, text: str, thread_id: int | None = None) -> SeenMessage:
        body: dict[str, Any] = {"text": text}
        if thread_id is not None:
            body["message_thread_id"] = thread_id
        result = await self.harness.control(
            "POST", f"/_emu/chats/{self.chat_id}/send_as_channel", json=body
        )
        return SeenMessage(result["message"])

    async def click(self, user: UserClient, label: str, message: SeenMessage | None = None) -> str:
        log = self.log

        def latest_with_button() -> SeenMessage | None:
            return next(
                (m for m in reversed(log.messages) if m.outgoing and m.inline_button(label)), None
            )

        target = message or await log.wait_for(
            latest_with_button, DEFAULT_TIMEOUT, f"no button {label!r} to press"
        )
        assert target is not None  # wait_for returns only what it found
        button = target.inline_button(label)
        if button is None or "callback_data" not in button:
            raise ExpectationFailed(f"no button {label!r} to press\n{self.log.transcript()}")
        result = await self.harness.control(
            "POST",
            f"/_emu/users/{user.id}/click",
            json={
                "chat_id": self.chat_id,
                "message_id": target.message_id,
                "callback_data": button["callback_data"],
            },
        )
        return str(result["callback_query_id"])

    async def topics(self) -> list[dict[str, Any]]:
        state = await self.harness.state()
        chat = next(c for c in state["chats"] if c["id"] == self.chat_id)
        return list(chat["topics"])

    async def expect_message(
        self,
        contains: str | None = None,
        thread_id: int | None = None,
        timeout: float = DEFAULT_TIMEOUT,  # noqa: ASYNC109
    ) -> SeenMessage:
        return await expect_bot_message(self.log, contains, timeout, thread_id)

    async def expect_no_message(
        self, within: float = QUIET_WINDOW, thread_id: int | None = None
    ) -> None:
        await expect_no_bot_message(self.log, within, thread_id)

    def transcript(self) -> str:
        return self.log.transcript()
