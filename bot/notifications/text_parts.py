"""A text too long for one Telegram message, cut into parts that each fit.

Telegram counts a message's length in UTF-16 code units of its visible text, after the markup is
parsed: 4096 for a message, 1024 for a caption. Texts are cut as plain text, before they are
escaped for HTML, so a part's visible text is exactly what is counted here. A part ends at its
last paragraph break, else line break, end of a sentence or space, among those that leave it at
least a third full; where there is none (a very long word), at the limit.
"""

from __future__ import annotations

import html
import re

TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024

# Where a cut may fall, best first; the cut is where the match starts.
_BOUNDARIES = (
    re.compile(r"\n[ \t]*\n"),  # a paragraph
    re.compile(r"\n"),  # a line
    re.compile(r"(?<=[.!?…;])\s"),  # a sentence
    re.compile(r"\s"),  # a word
)
_TAG = re.compile(r"<[^>]*>")


def telegram_length(text: str) -> int:
    """The length Telegram counts: UTF-16 code units (an emoji is often two)."""
    return len(text.encode("utf-16-le")) // 2


def visible_length(markup: str) -> int:
    """The counted length of one of our own HTML-formatted texts (a locale's template): its
    tags do not count, an entity counts as the character it stands for."""
    return telegram_length(html.unescape(_TAG.sub("", markup)))


def split_text(text: str, limit: int = TEXT_LIMIT, first_limit: int | None = None) -> list[str]:
    """`text` as parts of at most `limit` (the first of at most `first_limit`, which leaves
    room for a heading) counted as Telegram counts, in order; `[text]` when it fits. Only the
    whitespace at a cut is dropped: the parts joined by a space or a line break read as the text."""
    room = limit if first_limit is None else first_limit
    if room < 1 or limit < 1:
        raise ValueError("a part needs room for at least one character")
    parts: list[str] = []
    rest = text
    while telegram_length(rest) > room:
        cut = _cut(rest, room)
        head, rest = rest[:cut].rstrip(), rest[cut:].lstrip()
        if head:
            parts.append(head)
            room = limit
    if rest or not parts:
        parts.append(rest)
    return parts


def _cut(text: str, room: int) -> int:
    """Where the first part of `text` ends (a code point index)."""
    fits = _fitting_prefix(text, room)
    least = max(1, fits // 3)
    for boundary in _BOUNDARIES:
        starts = [
            match.start()
            for match in boundary.finditer(text, 0, min(len(text), fits + 1))
            if least <= match.start() <= fits
        ]
        if starts:
            return starts[-1]
    return fits


def _fitting_prefix(text: str, room: int) -> int:
    """The most code points from the start whose counted length is within `room` (one at
    least, so that a cut always moves on)."""
    used = 0
    for index, char in enumerate(text):
        used += 2 if ord(char) > 0xFFFF else 1
        if used > room:
            return max(1, index)
    return len(text)
