"""Bills of an account's periods as PDF documents, and its consumption chart.

A bill is built from the figures at the moment it is asked for: they are kept in `bills` and
the PDF under `FILES_DIR/bills/`, named by a fingerprint of everything printed on it, so asking
again is a file read and an import that changes a figure gives a new PDF.
"""

from __future__ import annotations

import asyncio
import hashlib
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from core.accounts.address import full_address
from core.accounts.ownership import ensure_owner
from core.bills.calendar import period_bounds
from core.bills.chart import ChartLabels, MonthFigures, render_chart
from core.bills.errors import NoBill
from core.bills.figures import BillFigures, ChargeLine, MeterLine, PaidLine, money_of
from core.bills.payment_qr import Payee, payee_of, payment_string, qr_png
from core.bills.pdf import render_bill
from core.clock import Clock
from core.entities.bills import Bill
from core.photos import write_atomically
from core.ports import UnitOfWork, UnitOfWorkFactory
from core.readings.periods import month_before, parse_period, period_of, previous_period
from core.readings.zones import zone_name, zones_of
from core.settings import Settings

LAYOUT_VERSION = "1"  # bump when the PDF's layout changes: every cached file is redrawn
CHART_MONTHS = 24
PURPOSE = "Оплата за электроэнергию"


@dataclass(frozen=True, slots=True)
class BillDocument:
    file_name: str
    content: bytes
    period: str
    total_kopecks: int


class BillsService:
    def __init__(self, uow_factory: UnitOfWorkFactory, clock: Clock, settings: Settings) -> None:
        self._uow_factory = uow_factory
        self._clock = clock
        self._settings = settings

    @property
    def payee(self) -> Payee:
        return payee_of(self._settings)

    async def bill(self, user_id: int, account_id: int, period: str | None = None) -> BillDocument:
        """The bill of `period` (default: the latest period with charges) for the account's
        holder; NotAccountOwner for anyone else, NoBill when nothing was charged."""
        async with self._uow_factory() as uow:
            await ensure_owner(uow, user_id, account_id)
            period = period or await uow.bills.latest_period(account_id)
            if period is None:
                raise NoBill(None)
            figures = await self.figures(uow, account_id, period)
            key = self._cache_key(figures)
            relative = f"bills/{account_id}/{period}-{key}.pdf"
            path = Path(self._settings.files_dir) / relative
            stored = await uow.bills.bill(account_id, period)
            if stored is not None and stored.file_path == relative and path.is_file():
                content = await asyncio.to_thread(path.read_bytes)
            else:
                content = await asyncio.to_thread(self._render, figures)
                await asyncio.to_thread(write_atomically, path, content)
                self._remember(uow, stored, figures, relative)
                await uow.commit()
        return BillDocument(
            file_name=f"kvitanciya_{figures.account_number}_{period}.pdf",
            content=content,
            period=period,
            total_kopecks=figures.money.total_kopecks,
        )

    async def figures(self, uow: UnitOfWork, account_id: int, period: str) -> BillFigures:
        account = await uow.accounts.get(account_id)
        charges = [
            ChargeLine(c.period, c.service, c.consumption_kwh, c.tariff_rub, c.amount_kopecks)
            for c in await uow.bills.charges_up_to(account_id, period)
        ]
        services = tuple(charge for charge in charges if charge.period == period)
        if account is None or not services:
            raise NoBill(period)
        starts, ends = period_bounds(period, self._settings.tz)
        paid = [
            PaidLine(paid_at, kopecks)
            for paid_at, kopecks in await uow.bills.confirmed_paid_before(account_id, ends)
        ]
        return BillFigures(
            account_id=account.id,
            account_number=account.number,
            els=account.els,
            payer=account.holder_name,
            address=full_address(account),
            tariff=account.tariff,
            period=period,
            services=services,
            meters=await _meter_lines(uow, account_id, period),
            money=money_of(period, charges, paid, starts, ends),
        )

    def payment_qr_text(self, figures: BillFigures) -> str:
        return payment_string(
            self.payee,
            account_number=figures.account_number,
            period=figures.period,
            purpose=PURPOSE,
            sum_kopecks=figures.money.total_kopecks,
        )

    async def chart(self, user_id: int, account_id: int, labels: ChartLabels) -> bytes:
        """The PNG of the last 24 months' consumption and charges, up to the current month."""
        async with self._uow_factory() as uow:
            await ensure_owner(uow, user_id, account_id)
            today = self._clock.now().astimezone(self._settings.tz).date()
            periods = _last_periods(period_of(today), CHART_MONTHS)
            rows = await uow.bills.monthly_totals(account_id, periods[0])
        found = {period: (kwh, kopecks) for period, kwh, kopecks in rows}
        months = [
            MonthFigures(period, *found[period])
            if period in found
            else MonthFigures(period, None, None)
            for period in periods
        ]
        return await asyncio.to_thread(render_chart, months, labels)

    def _render(self, figures: BillFigures) -> bytes:
        text = self.payment_qr_text(figures)
        return render_bill(figures, self.payee, qr_png(text))

    def _cache_key(self, figures: BillFigures) -> str:
        seed = f"{LAYOUT_VERSION}|{figures.fingerprint()}|{self.payee}"
        return hashlib.sha256(seed.encode()).hexdigest()[:16]

    def _remember(
        self, uow: UnitOfWork, stored: Bill | None, figures: BillFigures, relative: str
    ) -> None:
        sums = figures.money
        if stored is None:
            stored = Bill(
                account_id=figures.account_id,
                period=figures.period,
                created_at=self._clock.now(),
            )
            uow.bills.add_bill(stored)
        stored.charged_kopecks = sums.charged_kopecks
        stored.debt_before_kopecks = sums.debt_before_kopecks
        stored.paid_kopecks = sums.paid_kopecks
        stored.total_kopecks = sums.total_kopecks
        stored.file_path = relative


async def _meter_lines(uow: UnitOfWork, account_id: int, period: str) -> tuple[MeterLine, ...]:
    meters = await uow.meters.for_account(account_id)
    before = previous_period(period)
    readings = await uow.readings.accepted_in_periods([m.id for m in meters], [before, period])
    latest: defaultdict[tuple[int, str], dict[str, Decimal]] = defaultdict(dict)
    for reading in readings:  # oldest first: the last one of a zone in a period stays
        latest[(reading.meter_id, reading.period)][reading.zone] = reading.value
    lines = []
    for meter in meters:
        zones = zones_of(meter.zones)
        for zone in zones:
            previous = latest[(meter.id, before)].get(zone)
            current = latest[(meter.id, period)].get(zone)
            if previous is None and current is None:
                continue
            lines.append(MeterLine(meter.serial, zone_name(zone, len(zones)), previous, current))
    return tuple(lines)


def _last_periods(last: str, count: int) -> list[str]:
    year, month = parse_period(last)
    periods = []
    for _ in range(count):
        periods.append(f"{year:04d}-{month:02d}")
        year, month = month_before(year, month)
    return periods[::-1]
