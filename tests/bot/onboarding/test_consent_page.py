"""The consent's full text, served by the bot's web app where the consent step links to."""

from __future__ import annotations

from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from bot.web.consent import markdown_to_html, setup_consent


async def test_the_consent_page_shows_the_whole_document() -> None:
    app = web.Application()
    setup_consent(app)
    async with TestClient(TestServer(app)) as client:
        response = await client.get("/consent")
        page = await response.text()
    assert response.status == 200
    assert response.content_type == "text/html"
    assert "<h1>Согласие на обработку персональных данных</h1>" in page
    assert "152-ФЗ" in page
    assert "<li>номер телефона и адрес электронной почты" in page
    assert "Отозвать согласие" in page


def test_markdown_text_is_escaped_and_list_items_may_wrap() -> None:
    html = markdown_to_html("# A <b>\n\n- one\n  two\n- three\n\nplain & simple\nline")
    assert html == (
        "<h1>A &lt;b&gt;</h1>\n<ul><li>one two</li><li>three</li></ul>\n"
        "<p>plain &amp; simple line</p>"
    )
