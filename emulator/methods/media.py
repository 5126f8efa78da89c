"""sendPhoto, sendDocument, sendMediaGroup, getFile."""

from __future__ import annotations

import secrets
from typing import Any

from emulator.checker import Upload
from emulator.errors import BotApiError, bad_request
from emulator.files import FileTooBig, StoredFile
from emulator.methods.call import Call, Handler
from emulator.methods.common import caption_of, post
from emulator.world import Chat, JsonDict

MEDIA_GROUP_SIZE = range(2, 11)
TOO_BIG = BotApiError(413, "Request Entity Too Large")


def _resolve(call: Call, value: Any, as_photo: bool) -> StoredFile:
    """An uploaded part or an existing file_id, as the file it names."""
    if isinstance(value, str) and value.startswith("attach://"):
        value = Upload(value.removeprefix("attach://"))
    if isinstance(value, Upload):
        part = call.upload(value)
        try:
            if as_photo:
                return call.world.files.add_photo(part.data)
            return call.world.files.add_document(part.data, part.filename, part.content_type)
        except FileTooBig:
            raise TOO_BIG from None
    stored = call.world.files.get(str(value))
    if stored is None:
        raise bad_request("wrong file identifier/HTTP URL specified")
    if as_photo and stored.size is None:
        raise bad_request("can't use file of type Document as Photo")
    return stored


def media_content(stored: StoredFile, as_photo: bool) -> JsonDict:
    return {"photo": stored.as_photo()} if as_photo else {"document": stored.as_document()}


async def send_photo(call: Call) -> JsonDict:
    chat = call.world.writable_chat(call.chat_id())
    caption = caption_of(call)
    photo = _resolve(call, call.get("photo"), as_photo=True)
    return post(call, chat, {**media_content(photo, True), **caption}).data


async def send_document(call: Call) -> JsonDict:
    chat = call.world.writable_chat(call.chat_id())
    caption = caption_of(call)
    document = _resolve(call, call.get("document"), as_photo=False)
    return post(call, chat, {**media_content(document, False), **caption}).data


async def send_media_group(call: Call) -> list[JsonDict]:
    chat: Chat = call.world.writable_chat(call.chat_id())
    items: list[JsonDict] = call.get("media")
    if len(items) not in MEDIA_GROUP_SIZE:
        raise bad_request("there must be 2-10 items in a media group")
    kinds = {item["type"] for item in items}
    if "document" in kinds and len(kinds) > 1:
        raise bad_request("documents can't be mixed with other media types")
    if not kinds <= {"photo", "document"}:
        raise bad_request("the emulator keeps photos and documents only")
    prepared = [
        {
            **media_content(
                _resolve(call, item["media"], item["type"] == "photo"), item["type"] == "photo"
            ),
            **caption_of(
                call,
                item.get("caption"),
                **{k: item.get(k) for k in ("parse_mode", "caption_entities")},
            ),
        }
        for item in items
    ]
    group_id = str(secrets.randbits(60))
    return [post(call, chat, {**content, "media_group_id": group_id}).data for content in prepared]


async def get_file(call: Call) -> JsonDict:
    stored = call.world.files.get(call.get("file_id"))
    if stored is None:
        raise bad_request("invalid file_id")
    return stored.as_file()


HANDLERS: dict[str, Handler] = {
    "sendPhoto": send_photo,
    "sendDocument": send_document,
    "sendMediaGroup": send_media_group,
    "getFile": get_file,
}
