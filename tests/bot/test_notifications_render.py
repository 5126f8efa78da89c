"""What each kind of notification looks like (the Bot API calls, before any is sent)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from aiogram.methods import SendDocument, SendMediaGroup, SendMessage, SendPhoto

from bot.i18n import build_i18n
from bot.notifications.render import render
from core.enums import NotificationKind
from core.notifications.delivery import Due

I18N = build_i18n()


def due(kind: NotificationKind, payload: dict[str, Any], language: str = "ru") -> Due:
    lease = datetime(2026, 11, 18, tzinfo=UTC)
    return Due(1, 1, 42, kind, payload, 0, language, lease)


def text_of(kind: NotificationKind, payload: dict[str, Any], language: str = "ru") -> str:
    [method] = render(due(kind, payload, language), I18N)
    assert isinstance(method, SendMessage)
    return method.text


def test_every_kind_has_its_text_and_escapes_what_it_shows() -> None:
    payment = {"payment_id": 1, "account_number": "<1>", "amount_kopecks": 150000}
    assert "1\u202f500,00 ₽" in text_of(NotificationKind.PAYMENT_CONFIRMED, payment)
    assert "&lt;1&gt;" in text_of(NotificationKind.PAYMENT_DECLINED, payment)
    rejected = {"account_number": "110", "approved": False, "reason": "<нечитаемо>"}
    assert "&lt;нечитаемо&gt;" in text_of(NotificationKind.LINK_DECIDED, rejected)
    changed = {
        "request_id": 5,
        "service": "verification",
        "status": "scheduled",
        "scheduled_on": "2026-12-01",
        "reason": None,
    }
    request = text_of(NotificationKind.SERVICE_REQUEST_CHANGED, changed)
    assert "№5" in request and "назначена дата" in request and "01.12.2026" in request
    assert "«Поверка прибора учёта»" in request and "verification" not in request
    english = text_of(NotificationKind.SERVICE_REQUEST_CHANGED, changed, "en")
    assert "«Meter verification»" in english
    refused = {**changed, "status": "refused", "scheduled_on": None, "reason": "<нет> & доступа"}
    refusal = text_of(NotificationKind.SERVICE_REQUEST_CHANGED, refused)
    assert "отклонена" in refusal and "&lt;нет&gt; &amp; доступа" in refusal
    gone = {**changed, "service": "<old_code>", "status": "archived"}
    assert "&lt;old_code&gt;" in text_of(NotificationKind.SERVICE_REQUEST_CHANGED, gone)
    due_soon = {"account_number": "110", "serial": "67005887", "due_on": "2027-01-10"}
    assert "10.01.2027" in text_of(NotificationKind.VERIFICATION_DUE, due_soon)
    window = {"period": "2026-12", "closes_on": "2026-12-25"}
    english = text_of(NotificationKind.WINDOW_OPENS, window, "en")
    assert "for December 2026" in english and "by 25.12.2026" in english
    assert text_of(NotificationKind.BROADCAST, {"text": "a & b"}) == "📢 a &amp; b"


def test_a_staff_answer_with_attachments() -> None:
    photo = {"kind": "photo", "file_id": "P1"}
    document = {"kind": "document", "file_id": "D1"}

    [single] = render(
        due(NotificationKind.STAFF_ANSWER, {"text": "Вот", "attachments": [photo]}), I18N
    )
    assert (
        isinstance(single, SendPhoto) and single.photo == "P1" and "Вот" in (single.caption or "")
    )

    album = render(
        due(
            NotificationKind.STAFF_ANSWER, {"text": "Три", "attachments": [photo, photo, document]}
        ),
        I18N,
    )
    assert [type(m) for m in album] == [SendMediaGroup, SendDocument]
    assert isinstance(album[0], SendMediaGroup) and "Три" in (album[0].media[0].caption or "")

    long_text = "x" * 2000
    parts = render(
        due(NotificationKind.STAFF_ANSWER, {"text": long_text, "attachments": [document]}), I18N
    )
    assert [type(m) for m in parts] == [SendDocument, SendMessage]
    assert isinstance(parts[0], SendDocument) and parts[0].caption == "💬 Ответ службы поддержки:"
    assert isinstance(parts[1], SendMessage) and parts[1].text == long_text


def test_a_long_staff_answer_is_cut_where_telegram_counts_the_limit() -> None:
    """Telegram counts UTF-16 code units of the visible text: `&lt;` is one, an emoji two."""
    heading = "💬 Ответ службы поддержки:\n"
    room = 4096 - (len(heading) + 1)  # the emoji is two units
    exact = "<" * room
    [one] = render(due(NotificationKind.STAFF_ANSWER, {"text": exact}), I18N)
    assert isinstance(one, SendMessage) and one.text == heading + "&lt;" * room

    emoji = "🙂 " * 1500  # 4500 characters, 6000 units
    parts = render(due(NotificationKind.STAFF_ANSWER, {"text": emoji}), I18N)
    texts = [m.text for m in parts if isinstance(m, SendMessage)]
    assert len(texts) == len(parts) == 2
    assert all(len(t.encode("utf-16-le")) // 2 <= 4096 for t in texts)
    assert (texts[0].removeprefix(heading) + " " + texts[1]).split() == emoji.split()

    english = render(due(NotificationKind.STAFF_ANSWER, {"text": "y" * 5000}, "en"), I18N)
    assert [type(m) for m in english] == [SendMessage, SendMessage]
    assert isinstance(english[0], SendMessage) and english[0].text.startswith("💬 Support")
