"""Service requests: created for one's own account, moved by staff, each change told."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta

import pytest

from core.accounts.errors import NotAccountOwner
from core.enums import NotificationKind, ServiceRequestStatus
from core.support.catalogue import ServiceCode
from core.support.errors import (
    CommentTooLong,
    PreferredDateOutOfRange,
    ReasonRequired,
    ServiceRequestAlreadyDecided,
    ServiceRequestNotFound,
    UnknownService,
)
from tests.core.support.conftest import Desk

TODAY = date(2026, 7, 18)


async def test_a_request_goes_accepted_scheduled_done_and_each_change_is_told(
    desk: Desk,
) -> None:
    user_id = await desk.customer(601)
    account_id = await desk.linked(user_id)
    made = await desk.requests.create(
        user_id, account_id, "replace_meter", TODAY + timedelta(days=3), "  после 14:00 "
    )
    assert made.status is ServiceRequestStatus.NEW and made.comment == "после 14:00"
    assert made.service is ServiceCode.REPLACE_METER

    await desk.requests.accept(made.id, 9001)
    on = TODAY + timedelta(days=5)
    scheduled = await desk.requests.schedule(made.id, 9001, on)
    assert scheduled.scheduled_on == on
    done = await desk.requests.done(made.id, 9002)
    assert done.status is ServiceRequestStatus.DONE and done.decided_by == 9002

    rows = await desk.outbox()
    assert [r.kind for r in rows] == [NotificationKind.SERVICE_REQUEST_CHANGED.value] * 3
    assert [r.payload["status"] for r in rows] == ["accepted", "scheduled", "done"]
    assert rows[1].payload["scheduled_on"] == on.isoformat()
    with pytest.raises(ServiceRequestAlreadyDecided):
        await desk.requests.refuse(made.id, 9001, "поздно")


async def test_refusal_needs_a_reason_and_ends_the_request(desk: Desk) -> None:
    user_id = await desk.customer(602)
    account_id = await desk.linked(user_id)
    made = await desk.requests.create(user_id, account_id, "sealing", None, None)
    with pytest.raises(ReasonRequired):
        await desk.requests.refuse(made.id, 9001, "   ")
    refused = await desk.requests.refuse(made.id, 9001, "Нет доступа")
    assert refused.status is ServiceRequestStatus.REFUSED
    assert refused.status_reason == "Нет доступа"
    [row] = await desk.outbox()
    assert row.payload["reason"] == "Нет доступа"
    for move in (desk.requests.accept(made.id, 1), desk.requests.done(made.id, 1)):
        with pytest.raises(ServiceRequestAlreadyDecided):
            await move


async def test_invalid_transitions_are_refused(desk: Desk) -> None:
    user_id = await desk.customer(603)
    account_id = await desk.linked(user_id)
    made = await desk.requests.create(user_id, account_id, "inspector", None, None)
    with pytest.raises(ServiceRequestAlreadyDecided):
        await desk.requests.done(made.id, 1)
    with pytest.raises(ServiceRequestAlreadyDecided):
        await desk.requests.schedule(made.id, 1, TODAY)
    with pytest.raises(ServiceRequestNotFound):
        await desk.requests.accept(made.id + 100, 1)


async def test_two_staff_pressing_at_once_make_one_change(desk: Desk) -> None:
    user_id = await desk.customer(604)
    account_id = await desk.linked(user_id)
    made = await desk.requests.create(user_id, account_id, "contract", None, None)
    results = await asyncio.gather(
        desk.requests.accept(made.id, 1),
        desk.requests.accept(made.id, 2),
        return_exceptions=True,
    )
    assert sorted(type(r).__name__ for r in results) == [
        "ServiceRequestAlreadyDecided",
        "ServiceRequestView",
    ]
    assert len(await desk.outbox()) == 1


async def test_what_a_request_may_not_be(desk: Desk) -> None:
    user_id = await desk.customer(605)
    account_id = await desk.linked(user_id)
    stranger = await desk.customer(606)
    with pytest.raises(NotAccountOwner):
        await desk.requests.create(stranger, account_id, "sealing", None, None)
    with pytest.raises(UnknownService):
        await desk.requests.create(user_id, account_id, "pizza", None, None)
    with pytest.raises(PreferredDateOutOfRange):
        await desk.requests.create(user_id, account_id, "sealing", TODAY - timedelta(days=1), None)
    with pytest.raises(PreferredDateOutOfRange):
        await desk.requests.create(user_id, account_id, "sealing", TODAY + timedelta(days=61), None)
    with pytest.raises(CommentTooLong):
        await desk.requests.create(user_id, account_id, "sealing", None, "я" * 1001)
    made = await desk.requests.create(user_id, account_id, "sealing", TODAY, "я" * 1000)
    assert (await desk.requests.get(made.id, user_id)).id == made.id
    with pytest.raises(ServiceRequestNotFound):
        await desk.requests.get(made.id, stranger)


async def test_core_checks_the_preferred_date_from_the_company_s_today(desk: Desk) -> None:
    desk.requests.check_preferred_date(None)  # any date
    for fits in (TODAY, TODAY + timedelta(days=1), TODAY + timedelta(days=60)):
        desk.requests.check_preferred_date(fits)
    for out in (TODAY - timedelta(days=1), TODAY + timedelta(days=61)):
        with pytest.raises(PreferredDateOutOfRange) as refused:
            desk.requests.check_preferred_date(out)
        assert refused.value.params == {"earliest": TODAY, "latest": TODAY + timedelta(days=60)}

    desk.clock.set(datetime(2026, 7, 18, 21, 30, tzinfo=UTC))  # 00:30 on the 19th in Moscow
    with pytest.raises(PreferredDateOutOfRange):
        desk.requests.check_preferred_date(TODAY)
    desk.requests.check_preferred_date(TODAY + timedelta(days=61))
