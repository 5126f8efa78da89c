"""Meters of an account and the readings customers send for them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from core import audit
from core.accounts.ownership import ensure_owner
from core.clock import Clock
from core.entities.meters import Meter
from core.entities.readings import Reading
from core.enums import AuditAction, ReadingSource, ReadingStatus
from core.errors import AlreadyStored
from core.ports import UnitOfWork, UnitOfWorkFactory
from core.readings.errors import (
    ConfirmationRequired,
    MeterNotFound,
    SameDayReadingExists,
    SubmissionKeyReused,
    ZonesMismatch,
)
from core.readings.parsing import parse_value
from core.readings.periods import months_between
from core.readings.rules import USUAL_MONTHS, Usual, check_zone, usual_monthly
from core.readings.sender import Sender, ensure_may_send
from core.readings.views import (
    MeterView,
    ReadingWarning,
    SubmissionPreview,
    SubmissionResult,
    SubmittedZone,
    WarningCode,
    ZonePreview,
    ZoneView,
)
from core.readings.window import PeriodPlacement, place_reading
from core.readings.zones import zone_name, zones_of
from core.settings import Settings

# Stored as the reason of readings replaced later the same day; front ends show it in words.
REPLACED_SAME_DAY = "replaced_same_day"


class ReadingsService:
    def __init__(self, uow_factory: UnitOfWorkFactory, clock: Clock, settings: Settings) -> None:
        self._uow_factory = uow_factory
        self._clock = clock
        self._settings = settings

    async def meters_for(self, account_id: int, owner_id: int | None = None) -> list[MeterView]:
        """`owner_id`: the account must be this user's (`NotAccountOwner` otherwise), checked in
        the same transaction."""
        async with self._uow_factory(reading=True) as uow:
            if owner_id is not None:
                await ensure_owner(uow, owner_id, account_id)
            meters = await uow.meters.for_account(account_id)
            return [await self._meter_view(uow, meter) for meter in meters]

    async def meter(self, meter_id: int) -> MeterView:
        """One meter, whoever asks (`meter_for` checks who may send for it)."""
        async with self._uow_factory(reading=True) as uow:
            return await self._meter_view(uow, await _meter(uow, meter_id))

    async def meter_for(self, meter_id: int, sender: Sender) -> MeterView:
        """The meter `sender` chose to send readings for: `NotAccountOwner` when it is not one
        they may send for (`ensure_may_send`)."""
        async with self._uow_factory(reading=True) as uow:
            meter = await _meter(uow, meter_id)
            await ensure_may_send(uow, sender, meter.account_id)
            return await self._meter_view(uow, meter)

    @staticmethod
    def parse_value(text: str) -> Decimal:
        return parse_value(text)

    async def preview(self, meter_id: int, values: Mapping[str, Decimal]) -> SubmissionPreview:
        async with self._uow_factory(reading=True) as uow:
            meter = await _meter(uow, meter_id)
            return await self._preview(uow, meter, values, self._clock.now(), replacing=())

    async def submit(
        self,
        user_id: int | None,
        meter_id: int,
        values: Mapping[str, Decimal],
        submission_key: str,
        source: ReadingSource = ReadingSource.BOT,
        confirmed: bool = False,
        photo_path: str | None = None,
        replace_same_day: bool = False,
        sender: Sender | None = None,
    ) -> SubmissionResult:
        """Records all zones of a meter at once. The same `submission_key` twice returns the first
        result and writes nothing, even when two requests race. `sender`: who sends, checked by
        `ensure_may_send` (`NotAccountOwner`); None checks no one."""
        now = self._clock.now()
        async with self._uow_factory() as uow:
            meter = await _meter(uow, meter_id)
            if sender is not None:
                await ensure_may_send(uow, sender, meter.account_id)
            earlier = await uow.readings.by_submission_key(submission_key)
            if earlier:
                return self._replayed(earlier, meter_id, submission_key)
            try:
                replaced = await self._same_day_to_replace(uow, meter, now, replace_same_day)
            except SameDayReadingExists:
                # A twin of this very submission (a double tap) may have been saved meanwhile.
                earlier = await uow.readings.by_submission_key(submission_key)
                if earlier:
                    return self._replayed(earlier, meter_id, submission_key)
                raise
            preview = await self._preview(uow, meter, values, now, replacing=replaced)
            if preview.needs_confirmation and not confirmed:
                raise ConfirmationRequired(preview)
            status = ReadingStatus.PENDING if preview.needs_confirmation else ReadingStatus.ACCEPTED
            for reading in replaced:
                reading.status = ReadingStatus.REJECTED.value
                reading.reject_reason = REPLACED_SAME_DAY
            rows = [
                {
                    "meter_id": meter.id,
                    "zone": zone.zone,
                    "value": zone.value,
                    "consumption": zone.consumption,
                    "taken_at": now,
                    "period": preview.period,
                    "source": source.value,
                    "status": status.value,
                    "reject_reason": None,
                    "photo_path": photo_path,
                    "submission_key": submission_key,
                    "user_id": user_id,
                    "created_at": now,
                }
                for zone in preview.zones
            ]
            details = {"meter_id": meter.id, "period": preview.period, "status": status.value}
            try:
                await uow.readings.insert(rows)
                await audit.record(
                    uow,
                    user_id,
                    AuditAction.READINGS_SENT,
                    account_id=meter.account_id,
                    details=details,
                    at=now,
                )
                await uow.commit()
            except AlreadyStored:  # the twin of a double tap was saved first
                await uow.rollback()
                earlier = await uow.readings.by_submission_key(submission_key)
                if not earlier:
                    raise
                return self._replayed(earlier, meter_id, submission_key)
        return SubmissionResult(
            submission_key=submission_key,
            meter_id=meter_id,
            status=status,
            period=preview.period,
            outside_window=preview.outside_window,
            window_opens=preview.window_opens,
            window_closes=preview.window_closes,
            zones=[SubmittedZone(z.zone, z.name, z.value, z.consumption) for z in preview.zones],
        )

    async def _preview(
        self,
        uow: UnitOfWork,
        meter: Meter,
        values: Mapping[str, Decimal],
        now: datetime,
        replacing: Sequence[Reading],
    ) -> SubmissionPreview:
        zones = zones_of(meter.zones)
        _check_all_zones_given(zones, values)
        placement = self._placement(now)
        tariff = await uow.billing.latest_tariff(meter.account_id)
        excluding = [reading.id for reading in replacing]
        previews: list[ZonePreview] = []
        warnings: list[ReadingWarning] = []
        for zone in zones:
            last = await uow.readings.last_accepted(meter.id, zone, excluding)
            usual = await _usual(uow, meter.id, zone, last, placement.period)
            value = values[zone]
            check = check_zone(
                zone, value, last.value if last else None, meter.digits, meter.decimals, usual
            )
            previews.append(
                ZonePreview(
                    zone=zone,
                    name=zone_name(zone, len(zones)),
                    previous=last.value if last else None,
                    previous_taken_on=self._local_date(last.taken_at) if last else None,
                    value=value,
                    consumption=check.consumption,
                    rollover=check.rollover,
                    estimated_kopecks=_estimate(check.consumption, tariff),
                )
            )
            if check.consumption is not None and check.rollover:
                warnings.append(ReadingWarning(WarningCode.ROLLOVER, zone, check.consumption))
            if check.consumption is not None and check.high_consumption:
                usual_kwh = usual.expected if usual else None
                warnings.append(
                    ReadingWarning(WarningCode.HIGH_CONSUMPTION, zone, check.consumption, usual_kwh)
                )
        return SubmissionPreview(
            meter_id=meter.id,
            zones=previews,
            warnings=warnings,
            period=placement.period,
            outside_window=placement.outside_window,
            window_opens=placement.window_opens,
            window_closes=placement.window_closes,
        )

    async def _same_day_to_replace(
        self, uow: UnitOfWork, meter: Meter, now: datetime, replace: bool
    ) -> list[Reading]:
        """The bot's earlier readings of today (local day) that this submission replaces."""
        day = self._local_date(now)
        start = datetime.combine(day, time.min, self._settings.tz).astimezone(UTC)
        end = datetime.combine(day + timedelta(days=1), time.min, self._settings.tz).astimezone(UTC)
        same_day = await uow.readings.standing_between(meter.id, start, end)
        if same_day and not replace:
            raise SameDayReadingExists(same_day[0].taken_at)
        return [reading for reading in same_day if reading.source == ReadingSource.BOT.value]

    def _replayed(
        self, rows: Sequence[Reading], meter_id: int, submission_key: str
    ) -> SubmissionResult:
        if rows[0].meter_id != meter_id:
            raise SubmissionKeyReused(submission_key)
        placement = self._placement(rows[0].taken_at)
        return SubmissionResult(
            submission_key=submission_key,
            meter_id=meter_id,
            status=ReadingStatus(rows[0].status),
            period=rows[0].period,
            outside_window=placement.outside_window,
            window_opens=placement.window_opens,
            window_closes=placement.window_closes,
            zones=[
                SubmittedZone(row.zone, zone_name(row.zone, len(rows)), row.value, row.consumption)
                for row in rows
            ],
            replayed=True,
        )

    async def _meter_view(self, uow: UnitOfWork, meter: Meter) -> MeterView:
        zones = zones_of(meter.zones)
        views = []
        for zone in zones:
            last = await uow.readings.last_accepted(meter.id, zone)
            views.append(
                ZoneView(
                    zone=zone,
                    name=zone_name(zone, len(zones)),
                    last_value=last.value if last else None,
                    last_taken_on=self._local_date(last.taken_at) if last else None,
                )
            )
        return MeterView(
            id=meter.id,
            account_id=meter.account_id,
            serial=meter.serial,
            model=meter.model,
            digits=meter.digits,
            decimals=meter.decimals,
            installed_on=meter.installed_on,
            next_verification_on=meter.next_verification_on,
            zones=views,
        )

    def _placement(self, at: datetime) -> PeriodPlacement:
        return place_reading(
            self._local_date(at),
            self._settings.readings_window_start_day,
            self._settings.readings_window_end_day,
        )

    def _local_date(self, at: datetime) -> date:
        return at.astimezone(self._settings.tz).date()


async def _meter(uow: UnitOfWork, meter_id: int) -> Meter:
    meter = await uow.meters.get(meter_id)
    if meter is None:
        raise MeterNotFound(meter_id)
    return meter


def _check_all_zones_given(zones: Sequence[str], values: Mapping[str, Decimal]) -> None:
    missing = [zone for zone in zones if zone not in values]
    unknown = [zone for zone in values if zone not in zones]
    if missing or unknown:
        raise ZonesMismatch(zones, missing, unknown)


async def _usual(
    uow: UnitOfWork, meter_id: int, zone: str, last: Reading | None, period: str
) -> Usual | None:
    """The zone's average month, scaled to the months since the last accepted reading."""
    monthly = usual_monthly(
        list(await uow.readings.monthly_consumption(meter_id, zone, USUAL_MONTHS))
    )
    if monthly is None or last is None:
        return None
    return Usual(monthly=monthly, months=months_between(last.period, period))


def _estimate(consumption: Decimal | None, tariff_rub: Decimal | None) -> int | None:
    if consumption is None or tariff_rub is None:
        return None
    return int((consumption * tariff_rub * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))
