"""Telegram accounts: who is signed in, sign-out, a bot blocked by its user, consent."""

from __future__ import annotations

from datetime import timedelta

import pytest

from core.clock import FrozenClock
from core.enums import AuditAction
from core.users.consent import record_consent
from core.users.errors import NotSignedIn
from core.users.phone_sign_in import register_or_sign_in_by_phone
from core.users.telegram_accounts import find_user_by_telegram, mark_blocked, sign_out
from storage.uow import UnitOfWorkFactory
from tests.core.users.conftest import START
from tests.core.users.helpers import actions_of


async def test_signing_out_unbinds_the_telegram_account_and_is_audited(
    uow_factory: UnitOfWorkFactory, clock: FrozenClock
) -> None:
    user = (await register_or_sign_in_by_phone(uow_factory, clock, 7, 7, "+79181234567")).user

    await sign_out(uow_factory, clock, 7)

    assert await find_user_by_telegram(uow_factory, 7) is None
    assert (await actions_of(uow_factory, user.id))[-1] is AuditAction.SIGNED_OUT
    with pytest.raises(NotSignedIn):
        await sign_out(uow_factory, clock, 7)
    with pytest.raises(NotSignedIn):
        await sign_out(uow_factory, clock, 8)


async def test_a_blocked_bot_is_marked_and_a_new_sign_in_clears_it(
    uow_factory: UnitOfWorkFactory, clock: FrozenClock
) -> None:
    await register_or_sign_in_by_phone(uow_factory, clock, 7, 7, "+79181234567")
    clock.advance(timedelta(days=1))

    await mark_blocked(uow_factory, clock, 7)
    async with uow_factory() as uow:
        identity = await uow.users.identity(7)
        assert identity is not None and identity.blocked_at == clock.now()

    await register_or_sign_in_by_phone(uow_factory, clock, 7, 7, "+79181234567")
    async with uow_factory() as uow:
        identity = await uow.users.identity(7)
        assert identity is not None and identity.blocked_at is None


async def test_consent_is_recorded_once_with_its_time(
    uow_factory: UnitOfWorkFactory, clock: FrozenClock
) -> None:
    user = (await register_or_sign_in_by_phone(uow_factory, clock, 7, 7, "+79181234567")).user
    assert user.consented_at is None

    first = await record_consent(uow_factory, clock, user.id)
    clock.advance(timedelta(days=3))
    again = await record_consent(uow_factory, clock, user.id)

    assert first.consented_at == again.consented_at == START
    assert (await actions_of(uow_factory, user.id)).count(AuditAction.PROFILE_CHANGED) == 1
