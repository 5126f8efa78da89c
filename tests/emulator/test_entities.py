"""Telegram's HTML parse mode: plain text, entities in UTF-16 units, errors in Telegram's words."""

from __future__ import annotations

import pytest

from emulator.entities import EntityParseError, detect_command, parse_html


def test_tags_become_entities() -> None:
    text, entities = parse_html('<b>Долг</b>: <i>1 200 ₽</i> <a href="https://x.ru">оплатить</a>')
    assert text == "Долг: 1 200 ₽ оплатить"
    assert entities == [
        {"type": "bold", "offset": 0, "length": 4},
        {"type": "italic", "offset": 6, "length": 7},
        {"type": "text_link", "url": "https://x.ru", "offset": 14, "length": 8},
    ]


def test_offsets_count_utf16_code_units() -> None:
    text, entities = parse_html("😀 <u>да</u>")
    assert text == "😀 да"
    assert entities == [{"type": "underline", "offset": 3, "length": 2}]


def test_html_entities_are_decoded() -> None:
    assert parse_html("a &lt; b &amp;&amp; c &gt; d &quot;e&quot; &#8381; &#x20BD;")[0] == (
        'a < b && c > d "e" ₽ ₽'
    )


def test_every_allowed_tag_is_understood() -> None:
    source = (
        "<strong>a</strong><em>b</em><ins>c</ins><s>d</s><strike>e</strike><del>f</del>"
        '<span class="tg-spoiler">g</span><tg-spoiler>h</tg-spoiler><code>i</code>'
        '<pre><code class="language-python">j</code></pre><blockquote>k</blockquote>'
        '<blockquote expandable>l</blockquote><tg-emoji emoji-id="5368324170671202286">m</tg-emoji>'
    )
    text, entities = parse_html(source)
    assert text == "abcdefghijklm"
    assert [e["type"] for e in entities] == [
        "bold",
        "italic",
        "underline",
        "strikethrough",
        "strikethrough",
        "strikethrough",
        "spoiler",
        "spoiler",
        "code",
        "pre",
        "blockquote",
        "expandable_blockquote",
        "custom_emoji",
    ]
    assert entities[9]["language"] == "python"


@pytest.mark.parametrize(
    ("source", "error"),
    [
        ("<b>жирный", 'Can\'t find end tag corresponding to start tag "b"'),
        ("<b>x</i>", 'Unmatched end tag at byte offset 4, expected "</b>", found "</i>"'),
        ("x</b>", "Unexpected end tag at byte offset 1"),
        ("<div>x</div>", 'Unsupported start tag "div" at byte offset 0'),
        ("ё < 5", 'Unsupported start tag "" at byte offset 3'),
        ("<b x", "Unclosed start tag at byte offset 0"),
    ],
)
def test_malformed_html_is_refused_with_telegrams_words(source: str, error: str) -> None:
    with pytest.raises(EntityParseError) as refused:
        parse_html(source)
    assert str(refused.value) == error


def test_a_leading_command_is_marked() -> None:
    assert detect_command("/start abc") == [{"type": "bot_command", "offset": 0, "length": 6}]
    assert detect_command("start") == []
