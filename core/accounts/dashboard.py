"""The main screen: every active account of a user with its money, meters and readings.

A fixed number of queries for all accounts together (links, charges, payments, this month's
payments, meters, readings), each on an index, so it stays fast with a million accounts."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from core.accounts.address import full_address
from core.accounts.views import AccountDashboard, MeterDashboard, ServiceDebt, ZoneReading
from core.entities.accounts import Account
from core.entities.meters import Meter
from core.entities.readings import Reading
from core.enums import LinkStatus
from core.payments.debts import debts_per_service
from core.ports import UnitOfWork
from core.readings.periods import previous_period
from core.readings.window import place_reading
from core.readings.zones import zone_name, zones_of
from core.settings import Settings

VERIFICATION_SOON = timedelta(days=60)


@dataclass(frozen=True, slots=True)
class DashboardClock:
    """The moment and the company's calendar the dashboard is drawn for."""

    now: datetime
    tz: ZoneInfo
    window_start_day: int
    window_end_day: int

    @classmethod
    def of(cls, settings: Settings, now: datetime) -> DashboardClock:
        """The company's calendar from the settings, at `now`."""
        return cls(
            now=now,
            tz=settings.tz,
            window_start_day=settings.readings_window_start_day,
            window_end_day=settings.readings_window_end_day,
        )

    @property
    def today(self) -> date:
        return self.now.astimezone(self.tz).date()

    @property
    def month_started_at(self) -> datetime:
        first = self.today.replace(day=1)
        return datetime.combine(first, time.min, self.tz).astimezone(UTC)

    @property
    def current_period(self) -> str:
        return place_reading(self.today, self.window_start_day, self.window_end_day).period


async def build_dashboards(
    uow: UnitOfWork, user_id: int, when: DashboardClock
) -> list[AccountDashboard]:
    linked = await uow.accounts.linked_accounts(user_id, [LinkStatus.ACTIVE])
    accounts = [account for _link, account in linked]
    ids = [account.id for account in accounts]
    debts = await _debts(uow, ids)
    paid_this_month = await uow.billing.paid_since(ids, when.month_started_at)
    meters = await uow.meters.for_accounts(ids)
    current = when.current_period
    previous = previous_period(current)
    readings = await uow.readings.accepted_in_periods([m.id for m in meters], [previous, current])
    latest = _latest_per_zone(readings)
    meters_by_account: dict[int, list[Meter]] = defaultdict(list)
    for meter in meters:
        meters_by_account[meter.account_id].append(meter)
    return [
        AccountDashboard(
            account_id=account.id,
            number=account.number,
            branch=account.branch,
            address=full_address(account),
            holder_name=account.holder_name,
            tariff=account.tariff,
            debts=debts.get(account.id, []),
            paid_this_month_kopecks=paid_this_month.get(account.id, 0),
            meters=[
                _meter(meter, account, when, previous, current, latest)
                for meter in meters_by_account[account.id]
            ],
        )
        for account in _unique(accounts)
    ]


async def _debts(uow: UnitOfWork, account_ids: Sequence[int]) -> dict[int, list[ServiceDebt]]:
    """Charged minus confirmed payments per service, by the same rule as «Оплата»."""
    return await debts_per_service(uow, account_ids)


_ZoneKey = tuple[int, str, str]  # meter id, period, zone


def _latest_per_zone(readings: Sequence[Reading]) -> dict[_ZoneKey, Reading]:
    """The newest accepted value of each zone in each period (readings come oldest first)."""
    return {(reading.meter_id, reading.period, reading.zone): reading for reading in readings}


def _meter(
    meter: Meter,
    account: Account,
    when: DashboardClock,
    previous: str,
    current: str,
    latest: dict[_ZoneKey, Reading],
) -> MeterDashboard:
    zones = zones_of(meter.zones)

    def readings_of(period: str) -> list[ZoneReading]:
        found = [latest.get((meter.id, period, zone)) for zone in zones]
        return [
            ZoneReading(
                zone=r.zone,
                name=zone_name(r.zone, len(zones)),
                value=r.value,
                taken_on=r.taken_at.astimezone(when.tz).date(),
            )
            for r in found
            if r is not None
        ]

    verification = meter.next_verification_on
    return MeterDashboard(
        meter_id=meter.id,
        serial=meter.serial,
        model=meter.model,
        tariff=account.tariff,
        digits=meter.digits,
        decimals=meter.decimals,
        installed_on=meter.installed_on,
        next_verification_on=verification,
        verification_soon=verification is not None
        and verification - when.today < VERIFICATION_SOON,
        previous_period=previous,
        previous_readings=readings_of(previous),
        current_period=current,
        current_readings=readings_of(current),
    )


def _unique(accounts: Sequence[Account]) -> list[Account]:
    """One card per account, even if a user somehow holds two active links to it."""
    return list({account.id: account for account in accounts}.values())
