"""The texts of outages: a notice (from its outbox payload), the customer's list, the staff
preview. Times are shown in the company's time zone: payloads carry them with its offset."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, tzinfo
from typing import Any

from aiogram import html
from aiogram.utils.i18n import gettext as _

from core.outages.views import OutageKind, OutageView

EVENTS = ("day", "soon", "started", "emergency", "changed", "cancelled", "restored")


def when(starts_at: datetime, ends_at: datetime, kind: str) -> str:
    """«20.11.2026 с 09:00 до 15:00», or with both dates when it spans days (the times as
    given: already in the company's zone)."""
    start_day, end_day = starts_at.strftime("%d.%m.%Y"), ends_at.strftime("%d.%m.%Y")
    start, end = starts_at.strftime("%H:%M"), ends_at.strftime("%H:%M")
    key = "outages.when_emergency" if kind == OutageKind.EMERGENCY.value else "outages.when"
    if start_day == end_day:
        return _(key).format(day=start_day, start=start, end=end)
    return _(key + "_days").format(start_day=start_day, start=start, end_day=end_day, end=end)


def notice(payload: dict[str, Any]) -> str:
    event = str(payload.get("event"))
    heading = _(f"outages.notice_{event}") if event in EVENTS else _("outages.notice_changed")
    starts_at = datetime.fromisoformat(str(payload["starts_at"]))
    ends_at = datetime.fromisoformat(str(payload["ends_at"]))
    lines = [heading, "📍 " + html.quote(str(payload["place"]))]
    if event not in ("cancelled", "restored"):
        lines.append("🕑 " + when(starts_at, ends_at, str(payload.get("kind"))))
    if payload.get("reason") and event not in ("cancelled", "restored"):
        lines.append(_("outages.reason").format(reason=html.quote(str(payload["reason"]))))
    return "\n".join(lines)


def customer_list(views: Sequence[OutageView], now: datetime, zone: tzinfo) -> str:
    if not views:
        return _("outages.none")
    blocks = [_("outages.title")]
    for view in views:
        if view.current(now):
            heading = _("outages.now")
        elif view.kind is OutageKind.EMERGENCY:
            heading = _("outages.emergency")
        else:
            heading = _("outages.planned")
        lines = [
            heading,
            "📍 " + html.quote(view.place),
            "🕑 " + when(view.starts_at.astimezone(zone), view.ends_at.astimezone(zone), view.kind),
        ]
        if view.reason:
            lines.append(_("outages.reason").format(reason=html.quote(view.reason)))
        numbers = ", ".join(html.quote(number) for number in view.accounts)
        lines.append(_("outages.accounts").format(numbers=numbers))
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)
