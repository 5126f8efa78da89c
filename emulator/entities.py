"""Telegram's HTML parse mode: text with tags in, plain text and `MessageEntity` dicts out.

Follows the rules of the Bot API "HTML style" section and words errors as Telegram does
("Unsupported start tag ... at byte offset N"). Offsets and lengths count UTF-16 code units;
byte offsets in errors count UTF-8 bytes of the source, as Telegram reports them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

SIMPLE_TAGS = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
}
ATTRIBUTE_TAGS = {"a", "span", "tg-emoji"}
NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_TAG_NAME = re.compile(r"[A-Za-z][A-Za-z0-9-]*")
_ATTRIBUTE = re.compile(r"\s*([A-Za-z-]+)\s*(?:=\s*(\"[^\"]*\"|'[^']*'|[^\s>]+))?")
_ENTITY = re.compile(r"&(?:#(\d{1,7})|#[xX]([0-9A-Fa-f]{1,6})|([A-Za-z]{2,4}));")


class EntityParseError(ValueError):
    """The detail after "Bad Request: can't parse entities: "."""


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


@dataclass
class _OpenTag:
    name: str
    entity: dict[str, Any] | None
    offset: int


@dataclass
class _Parser:
    source: str
    text: list[str] = field(default_factory=list)
    length: int = 0
    entities: list[dict[str, Any]] = field(default_factory=list)
    stack: list[_OpenTag] = field(default_factory=list)

    def byte_offset(self, index: int) -> int:
        return len(self.source[:index].encode("utf-8"))

    def emit(self, chunk: str) -> None:
        self.text.append(chunk)
        self.length += utf16_length(chunk)

    def run(self) -> tuple[str, list[dict[str, Any]]]:
        index = 0
        while index < len(self.source):
            char = self.source[index]
            if char == "<":
                index = self.tag(index)
            elif char == "&":
                index = self.entity(index)
            else:
                self.emit(char)
                index += 1
        if self.stack:
            raise EntityParseError(
                f'Can\'t find end tag corresponding to start tag "{self.stack[-1].name}"'
            )
        self.entities.sort(key=lambda e: (e["offset"], -e["length"]))
        return "".join(self.text), self.entities

    def entity(self, index: int) -> int:
        match = _ENTITY.match(self.source, index)
        if match is None or (match.group(3) and match.group(3) not in NAMED_ENTITIES):
            self.emit("&")
            return index + 1
        decimal, hexadecimal, named = match.groups()
        if named:
            self.emit(NAMED_ENTITIES[named])
        else:
            code = int(decimal) if decimal else int(hexadecimal, 16)
            self.emit(chr(code) if 0 < code <= 0x10FFFF else "&")
        return match.end()

    def tag(self, index: int) -> int:
        end = self.source.find(">", index)
        if self.source.startswith("</", index):
            if end == -1:
                raise EntityParseError(f"Unclosed end tag at byte offset {self.byte_offset(index)}")
            self.close(self.source[index + 2 : end].strip(), index)
            return end + 1
        name_match = _TAG_NAME.match(self.source, index + 1)
        name = name_match.group(0).lower() if name_match else ""
        if name not in SIMPLE_TAGS and name not in ATTRIBUTE_TAGS:
            raise EntityParseError(
                f'Unsupported start tag "{name}" at byte offset {self.byte_offset(index)}'
            )
        if end == -1:
            raise EntityParseError(f"Unclosed start tag at byte offset {self.byte_offset(index)}")
        assert name_match is not None
        attributes = dict(
            (key.lower(), value.strip("\"'"))
            for key, value in _ATTRIBUTE.findall(self.source[name_match.end() : end].rstrip("/"))
        )
        self.stack.append(_OpenTag(name, self.entity_for(name, attributes, index), self.length))
        return end + 1

    def entity_for(
        self, name: str, attributes: dict[str, str], index: int
    ) -> dict[str, Any] | None:
        if name == "a":
            href = attributes.get("href", "")
            return {"type": "text_link", "url": href} if href else None
        if name == "span":
            if attributes.get("class") != "tg-spoiler":
                raise EntityParseError(
                    f'Tag "span" must have class "tg-spoiler" at byte offset {self.byte_offset(index)}'
                )
            return {"type": "spoiler"}
        if name == "tg-emoji":
            emoji_id = attributes.get("emoji-id", "")
            return {"type": "custom_emoji", "custom_emoji_id": emoji_id} if emoji_id else None
        if name == "blockquote" and "expandable" in attributes:
            return {"type": "expandable_blockquote"}
        if name == "code" and self.stack and self.stack[-1].name == "pre":
            language = attributes.get("class", "").removeprefix("language-")
            pre = self.stack[-1].entity
            if language and pre is not None:
                pre["language"] = language
                return None
        return {"type": SIMPLE_TAGS[name]}

    def close(self, name: str, index: int) -> None:
        if not self.stack:
            raise EntityParseError(f"Unexpected end tag at byte offset {self.byte_offset(index)}")
        opened = self.stack.pop()
        if name.lower() != opened.name:
            raise EntityParseError(
                f"Unmatched end tag at byte offset {self.byte_offset(index)}, "
                f'expected "</{opened.name}>", found "</{name}>"'
            )
        length = self.length - opened.offset
        if opened.entity is not None and length > 0:
            self.entities.append({**opened.entity, "offset": opened.offset, "length": length})


def parse_html(source: str) -> tuple[str, list[dict[str, Any]]]:
    """Plain text and its entities; raises `EntityParseError` with Telegram's wording."""
    return _Parser(source).run()


_COMMAND = re.compile(r"^/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{5,32})?")


def detect_command(text: str) -> list[dict[str, Any]]:
    """The `bot_command` entity Telegram adds to a text starting with a command."""
    match = _COMMAND.match(text)
    if match is None:
        return []
    return [{"type": "bot_command", "offset": 0, "length": utf16_length(match.group(0))}]
