"""Who may send readings for which meter: core's rule, for the meter chosen and the submission."""

from __future__ import annotations

from decimal import Decimal

import pytest

from core.accounts.errors import NotAccountOwner
from core.entities.accounts import AccountLink
from core.enums import LinkMethod, LinkStatus, ReadingStatus
from core.readings.sender import Sender
from core.readings.service import ReadingsService
from storage.uow import UnitOfWorkFactory
from tests.core.accounts.seed import NOW, Seed
from tests.core.readings.test_submit import meter_with_a_year_of_history, stored


async def linked(uow_factory: UnitOfWorkFactory, user_id: int, account_id: int) -> None:
    async with uow_factory() as uow:
        uow.session.add(
            AccountLink(
                user_id=user_id,
                account_id=account_id,
                status=LinkStatus.ACTIVE.value,
                method=LinkMethod.ELS.value,
                created_at=NOW,
            )
        )
        await uow.commit()


async def account_of(uow_factory: UnitOfWorkFactory, meter_id: int) -> int:
    async with uow_factory() as uow:
        meter = await uow.meters.get(meter_id)
        assert meter is not None
        return meter.account_id


async def test_a_customer_chooses_only_the_meters_of_their_own_accounts(
    readings: ReadingsService, seed: Seed, uow_factory: UnitOfWorkFactory
) -> None:
    user_id = await seed.user()
    own = await meter_with_a_year_of_history(seed)
    await linked(uow_factory, user_id, await account_of(uow_factory, own))
    stranger = await meter_with_a_year_of_history(seed)

    assert (await readings.meter_for(own, Sender(user_id))).id == own
    with pytest.raises(NotAccountOwner):
        await readings.meter_for(stranger, Sender(user_id))


async def test_by_a_number_anyone_chooses_that_accounts_meters_and_no_others(
    readings: ReadingsService, seed: Seed, uow_factory: UnitOfWorkFactory
) -> None:
    user_id = await seed.user()  # linked to nothing
    looked_up = await meter_with_a_year_of_history(seed)
    elsewhere = await meter_with_a_year_of_history(seed)
    by_number = Sender(user_id, by_number=await account_of(uow_factory, looked_up))

    assert (await readings.meter_for(looked_up, by_number)).id == looked_up
    with pytest.raises(NotAccountOwner):
        await readings.meter_for(elsewhere, by_number)


async def test_a_submission_is_checked_by_who_sends_it(
    readings: ReadingsService, seed: Seed, uow_factory: UnitOfWorkFactory
) -> None:
    user_id = await seed.user()
    meter_id = await meter_with_a_year_of_history(seed)
    values = {"T": Decimal("30260")}

    with pytest.raises(NotAccountOwner):
        await readings.submit(user_id, meter_id, values, "key-1", sender=Sender(user_id))
    with pytest.raises(NotAccountOwner):
        other_account = (await seed.account()).id
        await readings.submit(
            user_id, meter_id, values, "key-2", sender=Sender(user_id, by_number=other_account)
        )
    assert await stored(uow_factory, meter_id) == []

    by_number = Sender(user_id, by_number=await account_of(uow_factory, meter_id))
    result = await readings.submit(user_id, meter_id, values, "key-3", sender=by_number)

    assert result.status is ReadingStatus.ACCEPTED
