"""What «Передать показания» says: a zone's prompt, the summary before sending, the outcome."""

from __future__ import annotations

from datetime import date, tzinfo
from decimal import Decimal

from aiogram import html
from aiogram.utils.i18n import gettext as _

from bot.formatting import kwh, local_date, period_name, rubles
from bot.fsm.readings import ReadingsDialog, ZoneAsked
from core.enums import ReadingStatus
from core.readings.views import (
    ReadingWarning,
    SubmissionPreview,
    SubmissionResult,
    WarningCode,
    ZonePreview,
)


def zone_prompt(dialog: ReadingsDialog, zone: ZoneAsked) -> str:
    zones = dialog.zones
    lines = [_("readings.meter_title").format(serial=html.quote(dialog.serial))]
    if len(zones) > 1:
        lines.append(
            _("readings.zone_title").format(
                name=html.quote(zone.name),
                number=zones.index(zone) + 1,
                count=len(zones),
            )
        )
    if zone.last is None:
        lines.append(_("readings.no_last_reading"))
    else:
        lines.append(
            _("readings.last_reading").format(
                value=kwh(zone.last),
                date=zone.last_on.strftime("%d.%m.%Y") if zone.last_on is not None else "",
            )
        )
    lines.append(_("readings.type_value"))
    return "\n".join(lines)


def summary_text(
    dialog: ReadingsDialog, preview: SubmissionPreview, tz: tzinfo, has_photo: bool
) -> str:
    lines = [
        _("readings.summary_title"),
        _("readings.meter_title").format(serial=html.quote(dialog.serial)),
        "",
        *(_zone_line(zone, tz) for zone in preview.zones),
    ]
    if preview.estimated_kopecks is not None:
        lines.append(
            _("readings.summary_estimate").format(amount=rubles(preview.estimated_kopecks))
        )
    if preview.outside_window:
        lines += [
            "",
            outside_window_text(preview.period, preview.window_opens, preview.window_closes, tz),
        ]
    names = {zone.zone: zone.name for zone in preview.zones}
    lines += [_warning_text(warning, names[warning.zone]) for warning in preview.warnings]
    lines += ["", _("readings.summary_photo") if has_photo else _("readings.summary_no_photo")]
    return "\n".join(lines)


def outside_window_text(period: str, opens: date, closes: date, tz: tzinfo) -> str:
    return _("readings.outside_window").format(
        period=period_name(period), opens=local_date(opens, tz), closes=local_date(closes, tz)
    )


def result_text(result: SubmissionResult, tz: tzinfo) -> str:
    key = {
        ReadingStatus.ACCEPTED: "readings.sent_accepted",
        ReadingStatus.PENDING: "readings.sent_pending",
    }.get(result.status, "readings.sent_rejected")
    lines = [_("readings.already_sent") if result.replayed else _(key)]
    lines += [
        _("readings.sent_zone").format(name=html.quote(zone.name), value=kwh(zone.value))
        for zone in result.zones
    ]
    lines.append(_("readings.sent_period").format(period=period_name(result.period)))
    if result.outside_window:
        lines.append(
            outside_window_text(result.period, result.window_opens, result.window_closes, tz)
        )
    return "\n".join(lines)


def _zone_line(zone: ZonePreview, tz: tzinfo) -> str:
    name = html.quote(zone.name)
    if zone.previous is None or zone.consumption is None:
        return _("readings.summary_zone_first").format(name=name, value=kwh(zone.value))
    line = _("readings.summary_zone").format(
        name=name,
        previous=kwh(zone.previous),
        previous_on=local_date(zone.previous_taken_on, tz) if zone.previous_taken_on else "—",
        value=kwh(zone.value),
        consumption=kwh(zone.consumption),
    )
    if zone.estimated_kopecks is not None:
        line += _("readings.summary_zone_estimate").format(amount=rubles(zone.estimated_kopecks))
    return line


def _warning_text(warning: ReadingWarning, zone_name: str) -> str:
    name = html.quote(zone_name)
    if warning.code is WarningCode.ROLLOVER:
        return _("readings.warning_rollover").format(
            name=name, consumption=kwh(warning.consumption)
        )
    if warning.usual_kwh is None:
        return _("readings.warning_high_no_usual").format(
            name=name, consumption=kwh(warning.consumption)
        )
    return _("readings.warning_high").format(
        name=name,
        consumption=kwh(warning.consumption),
        usual=kwh(warning.usual_kwh.quantize(Decimal(1))),
    )
