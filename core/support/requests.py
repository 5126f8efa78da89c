"""`ServiceRequestsService`: «Заказать услугу» and the request's way through the staff.

    new ──accept──▶ accepted ──schedule(date)──▶ scheduled ──done──▶ done
     │                 │                            │
     └──────────── refuse(reason) ◀─────────────────┘          (scheduled may be moved)

Every change is a conditional UPDATE on the status it starts from: of two staff members pressing
at once one changes the request and the other is told it is decided. Each change is told to the
customer through the outbox in the same transaction.
"""

from __future__ import annotations

from datetime import date, timedelta

from core.accounts.address import full_address
from core.accounts.ownership import ensure_owner
from core.clock import Clock
from core.entities.service_requests import ServiceRequest
from core.enums import NotificationKind, ServiceRequestStatus
from core.notifications.outbox import notify_user
from core.ports import UnitOfWork, UnitOfWorkFactory
from core.settings import Settings
from core.support.catalogue import ServiceCode, service_of
from core.support.errors import (
    AddressTooShort,
    CommentTooLong,
    MeterNotOfAccount,
    PreferredDateOutOfRange,
    ReasonRequired,
    ServiceRequestAlreadyDecided,
    ServiceRequestNotFound,
    UnknownService,
)
from core.support.views import ContractApplicant, ServiceRequestView
from core.validation.names import normalize_name
from core.validation.phone import normalize_phone
from core.validation.text import normalize_text

MAX_COMMENT_LENGTH = 1000
ADDRESS_LENGTH = 300
MIN_ADDRESS_LENGTH = 10  # a locality, a street and a house at least
MAX_REASON_LENGTH = 500
PREFERRED_DATE_HORIZON = timedelta(days=60)
SCHEDULE_HORIZON = timedelta(days=366)

S = ServiceRequestStatus
# Where each change may start from.
FROM = {
    S.ACCEPTED: (S.NEW,),
    S.SCHEDULED: (S.ACCEPTED, S.SCHEDULED),
    S.DONE: (S.SCHEDULED,),
    S.REFUSED: (S.NEW, S.ACCEPTED, S.SCHEDULED),
}


class ServiceRequestsService:
    def __init__(self, uow_factory: UnitOfWorkFactory, clock: Clock, settings: Settings) -> None:
        self._uow_factory = uow_factory
        self._clock = clock
        self._settings = settings

    @property
    def today(self) -> date:
        return self._clock.now().astimezone(self._settings.tz).date()

    def preferred_dates(self) -> tuple[date, date]:
        """The first and the last date a customer may ask for."""
        return self.today, self.today + PREFERRED_DATE_HORIZON

    def check_preferred_date(self, preferred: date | None) -> None:
        """Raises `PreferredDateOutOfRange` unless the date is from today (the company's) to
        `PREFERRED_DATE_HORIZON` ahead; None (any date) always fits."""
        earliest, latest = self.preferred_dates()
        if preferred is not None and not earliest <= preferred <= latest:
            raise PreferredDateOutOfRange(earliest, latest)

    async def create(
        self,
        user_id: int,
        account_id: int,
        service: str,
        preferred_date: date | None,
        comment: str | None,
        meter_id: int | None = None,
    ) -> ServiceRequestView:
        """`meter_id`: the account's meter the request is for (its card's «Заменить счётчик»)."""
        code = service_of(service)
        if code is None:
            raise UnknownService(service)
        self.check_preferred_date(preferred_date)
        comment = check_comment(comment)
        now = self._clock.now()
        async with self._uow_factory() as uow:
            await ensure_owner(uow, user_id, account_id)
            if meter_id is not None:
                meter = await uow.meters.get(meter_id)
                if meter is None or meter.account_id != account_id:
                    raise MeterNotOfAccount(meter_id)
            request = ServiceRequest(
                user_id=user_id,
                account_id=account_id,
                meter_id=meter_id,
                service=code.value,
                preferred_date=preferred_date,
                comment=comment,
                status=S.NEW.value,
                created_at=now,
                updated_at=now,
            )
            uow.support.add(request)
            await uow.support.flush()
            view = await _view(uow, request)
            await uow.commit()
            return view

    async def create_contract(
        self, user_id: int, applicant: ContractApplicant, comment: str | None
    ) -> ServiceRequestView:
        """«Заключить договор» for someone with no account: the address, the holder's name and
        a phone are what staff need to prepare it."""
        address = contract_address(applicant.address)
        holder = normalize_name(applicant.holder_name, "holder_name")
        phone = normalize_phone(applicant.phone)
        comment = check_comment(comment)
        now = self._clock.now()
        async with self._uow_factory() as uow:
            request = ServiceRequest(
                user_id=user_id,
                account_id=None,
                address=address,
                holder_name=holder,
                contact_phone=phone,
                service=ServiceCode.CONTRACT.value,
                comment=comment,
                status=S.NEW.value,
                created_at=now,
                updated_at=now,
            )
            uow.support.add(request)
            await uow.support.flush()
            view = await _view(uow, request)
            await uow.commit()
            return view

    async def get(self, request_id: int, user_id: int | None = None) -> ServiceRequestView:
        """With `user_id`: only that user's request (someone else's is "not found")."""
        async with self._uow_factory() as uow:
            request = await uow.support.request(request_id)
            if request is None or (user_id is not None and request.user_id != user_id):
                raise ServiceRequestNotFound(request_id)
            return await _view(uow, request)

    async def remember_card(self, request_id: int, staff_message_id: int) -> None:
        async with self._uow_factory() as uow:
            await uow.support.set_request_message(request_id, staff_message_id)
            await uow.commit()

    async def accept(self, request_id: int, staff_telegram_id: int) -> ServiceRequestView:
        return await self._move(request_id, S.ACCEPTED, staff_telegram_id)

    async def schedule(
        self, request_id: int, staff_telegram_id: int, on: date
    ) -> ServiceRequestView:
        if not self.today <= on <= self.today + SCHEDULE_HORIZON:
            raise PreferredDateOutOfRange(self.today, self.today + SCHEDULE_HORIZON)
        return await self._move(request_id, S.SCHEDULED, staff_telegram_id, scheduled_on=on)

    async def done(self, request_id: int, staff_telegram_id: int) -> ServiceRequestView:
        return await self._move(request_id, S.DONE, staff_telegram_id)

    async def refuse(
        self, request_id: int, staff_telegram_id: int, reason: str
    ) -> ServiceRequestView:
        reason = reason.strip()
        if not reason or len(reason) > MAX_REASON_LENGTH:
            raise ReasonRequired(MAX_REASON_LENGTH)
        return await self._move(request_id, S.REFUSED, staff_telegram_id, reason=reason)

    def can_move(self, status: ServiceRequestStatus, to: ServiceRequestStatus) -> bool:
        return status in FROM[to]

    async def _move(
        self,
        request_id: int,
        to: ServiceRequestStatus,
        staff_telegram_id: int,
        scheduled_on: date | None = None,
        reason: str | None = None,
    ) -> ServiceRequestView:
        now = self._clock.now()
        async with self._uow_factory() as uow:
            moved = await uow.support.move_request(
                request_id,
                [status.value for status in FROM[to]],
                to.value,
                staff_telegram_id,
                now,
                scheduled_on=scheduled_on,
                reason=reason,
            )
            request = await uow.support.request(request_id)
            if request is None:
                raise ServiceRequestNotFound(request_id)
            if not moved:
                raise ServiceRequestAlreadyDecided(request_id, request.status)
            view = await _view(uow, request)
            await notify_user(
                uow,
                user_id=request.user_id,
                kind=NotificationKind.SERVICE_REQUEST_CHANGED,
                payload={
                    "request_id": request.id,
                    "service": request.service,
                    "status": request.status,
                    "scheduled_on": view.scheduled_on.isoformat() if view.scheduled_on else None,
                    "reason": request.status_reason if to is S.REFUSED else None,
                },
                # A request may be scheduled more than once: each date is its own event.
                dedup_key=f"request:{request.id}:{to.value}:{view.scheduled_on or 0}",
                now=now,
            )
            await uow.commit()
            return view


def contract_address(raw: str) -> str:
    """The address a contract is asked for: a locality, a street and a house at least."""
    address = normalize_text(raw, "address", ADDRESS_LENGTH)
    if len(address) < MIN_ADDRESS_LENGTH:
        raise AddressTooShort(MIN_ADDRESS_LENGTH)
    return address


def check_comment(comment: str | None) -> str | None:
    comment = (comment or "").strip() or None
    if comment is not None and len(comment) > MAX_COMMENT_LENGTH:
        raise CommentTooLong(MAX_COMMENT_LENGTH)
    return comment


async def _view(uow: UnitOfWork, request: ServiceRequest) -> ServiceRequestView:
    account = await uow.accounts.get(request.account_id) if request.account_id else None
    meter = await uow.meters.get(request.meter_id) if request.meter_id else None
    return ServiceRequestView(
        id=request.id,
        user_id=request.user_id,
        account_id=request.account_id,
        account_number=account.number if account else "",
        address=full_address(account) if account else (request.address or ""),
        meter_serial=meter.serial if meter else None,
        holder_name=request.holder_name,
        contact_phone=request.contact_phone,
        service=ServiceCode(request.service),
        preferred_date=request.preferred_date,
        comment=request.comment,
        status=ServiceRequestStatus(request.status),
        status_reason=request.status_reason,
        scheduled_on=request.scheduled_on,
        decided_by=request.decided_by,
        staff_message_id=request.staff_message_id,
        created_at=request.created_at,
    )
