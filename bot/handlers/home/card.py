"""The text of one account's card on «Главная», as the web cabinet shows it."""

from __future__ import annotations

from datetime import tzinfo

from aiogram import html
from aiogram.utils.i18n import gettext as _

from bot.formatting import kwh, local_date, period_name, rubles
from core.accounts.views import AccountDashboard, MeterDashboard, ServiceDebt, ZoneReading
from core.payments.debts import ELECTRICITY


def card_text(card: AccountDashboard, zone: tzinfo) -> str:
    lines = [
        _("home.card_title").format(number=html.quote(card.number)),
        _("home.card_branch").format(branch=html.quote(card.branch)),
        _("home.card_address").format(address=html.quote(card.address)),
        "",
        *_money_lines(card),
    ]
    for meter in card.meters:
        lines += ["", *_meter_lines(meter, zone)]
    return "\n".join(lines)


def _money_lines(card: AccountDashboard) -> list[str]:
    """As the web cabinet: «Задолженность за электроэнергию» always, other services when owed."""
    electricity = next((d for d in card.debts if d.service == ELECTRICITY), None)
    others = [d for d in card.debts if d.service != ELECTRICITY and d.debt_kopecks != 0]
    lines = [_electricity_line(electricity.debt_kopecks if electricity else 0)]
    lines += [_debt_line(debt) for debt in others]
    lines.append(_("home.card_paid_this_month").format(amount=rubles(card.paid_this_month_kopecks)))
    return lines


def _electricity_line(kopecks: int) -> str:
    if kopecks < 0:
        return _("home.card_overpaid_electricity").format(amount=rubles(-kopecks))
    return _("home.card_debt_electricity").format(amount=rubles(kopecks))


def _debt_line(debt: ServiceDebt) -> str:
    service = html.quote(debt.service)
    if debt.debt_kopecks < 0:
        return _("home.card_overpaid").format(service=service, amount=rubles(-debt.debt_kopecks))
    return _("home.card_debt").format(service=service, amount=rubles(debt.debt_kopecks))


def _meter_lines(meter: MeterDashboard, zone: tzinfo) -> list[str]:
    lines = [
        _("home.meter_title").format(serial=html.quote(meter.serial)),
        _("home.meter_model").format(model=html.quote(meter.model)),
        _("home.meter_tariff").format(tariff=html.quote(meter.tariff)),
        _("home.meter_digits").format(digits=meter.digits),
    ]
    if meter.installed_on is not None:
        lines.append(_("home.meter_installed").format(date=local_date(meter.installed_on, zone)))
    if meter.next_verification_on is not None:
        key = (
            "home.meter_verification_soon" if meter.verification_soon else "home.meter_verification"
        )
        lines.append(_(key).format(date=local_date(meter.next_verification_on, zone)))
    lines += _readings_lines(meter.previous_period, meter.previous_readings, zone)
    lines += _readings_lines(meter.current_period, meter.current_readings, zone)
    return lines


def _readings_lines(period: str, readings: list[ZoneReading], zone: tzinfo) -> list[str]:
    title = _("home.readings_of_period").format(period=period_name(period))
    if not readings:
        return [f"{title} {_('home.readings_none')}"]
    if len(readings) == 1 and readings[0].zone == "T":
        return [f"{title} {_reading(readings[0], zone)}"]
    return [title] + [f"  {html.quote(r.name)}: {_reading(r, zone)}" for r in readings]


def _reading(reading: ZoneReading, zone: tzinfo) -> str:
    return _("home.reading_value").format(
        value=kwh(reading.value), date=local_date(reading.taken_on, zone)
    )
