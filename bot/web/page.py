"""The shell of the bot's few web pages (consent, payment return): one HTML document layout."""

from __future__ import annotations

from html import escape


def html_page(title: str, style: str, body: str) -> str:
    """`body` is HTML already; `title` is text."""
    return (
        '<!doctype html><html lang="ru"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{style}</style></head>"
        f"<body>{body}</body></html>"
    )
