"""«Мои обращения» under «Сообщения»: the customer's numbered requests and what became of each."""

from __future__ import annotations

from datetime import tzinfo

from aiogram import html
from aiogram.utils.i18n import gettext as _

from bot.formatting import local_date
from core.support.views import CaseStatus, SupportCaseView


def cases_text(cases: list[SupportCaseView], zone: tzinfo) -> str:
    if not cases:
        return _("support.cases_title") + "\n" + _("support.cases_empty")
    lines = [_("support.cases_title")]
    for case in cases:
        lines.append(
            _("support.case_line").format(
                number=case.number,
                date=local_date(case.opened_at, zone),
                status=_status(case, zone),
                subject=html.quote(case.subject) if case.subject else _("support.case_attachment"),
            )
        )
    return "\n\n".join(lines)


def _status(case: SupportCaseView, zone: tzinfo) -> str:
    if case.status is CaseStatus.CLOSED:
        closed = local_date(case.closed_at, zone) if case.closed_at else ""
        return _("support.case_closed").format(date=closed).strip()
    if case.status is CaseStatus.ANSWERED:
        return _("support.case_answered")
    return _("support.case_waiting")
