"""`/consent`: the full text of the consent to personal-data processing, which the bot links to
from its consent step. The text is kept as Markdown beside this module (so it ships with the
package; the company's lawyers edit that file) and shown as a plain HTML page."""

from __future__ import annotations

from html import escape
from pathlib import Path

from aiohttp import web

from bot.web.page import html_page

CONSENT_ROUTE = "/consent"
CONSENT_FILE = Path(__file__).resolve().with_name("personal-data-consent.md")
PAGE_KEY: web.AppKey[str] = web.AppKey("consent_page")

_STYLE = (
    "body{font-family:system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;"
    "line-height:1.5;color:#222}h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:1.6rem}"
)


def markdown_to_html(markdown: str) -> str:
    """The little Markdown the document uses: `#`/`##` headings, `- ` lists, paragraphs
    (a line that starts with spaces continues the list item above it)."""
    blocks: list[str] = []
    paragraph: list[str] = []
    items: list[str] = []

    def close_paragraph() -> None:
        if paragraph:
            blocks.append(f"<p>{escape(' '.join(paragraph))}</p>")
            paragraph.clear()

    def close_list() -> None:
        if items:
            blocks.append("<ul>" + "".join(f"<li>{escape(item)}</li>" for item in items) + "</ul>")
            items.clear()

    for line in markdown.splitlines():
        text = line.strip()
        if not text:
            close_paragraph()
            close_list()
        elif text.startswith("#"):
            close_paragraph()
            close_list()
            level = min(len(text) - len(text.lstrip("#")), 6)
            blocks.append(f"<h{level}>{escape(text[level:].strip())}</h{level}>")
        elif text.startswith("- "):
            close_paragraph()
            items.append(text[2:])
        elif items and line.startswith(" "):
            items[-1] += " " + text
        else:
            close_list()
            paragraph.append(text)
    close_paragraph()
    close_list()
    return "\n".join(blocks)


def render_page(markdown: str) -> str:
    title = next((line.lstrip("# ").strip() for line in markdown.splitlines() if line.strip()), "")
    return html_page(title, _STYLE, markdown_to_html(markdown))


async def consent_page(request: web.Request) -> web.Response:
    return web.Response(text=request.app[PAGE_KEY], content_type="text/html")


def setup_consent(app: web.Application, source: Path = CONSENT_FILE) -> None:
    """Renders the document once, at start-up: a missing file fails there, not at a request."""
    app[PAGE_KEY] = render_page(source.read_text(encoding="utf-8"))
    app.router.add_get(CONSENT_ROUTE, consent_page)
