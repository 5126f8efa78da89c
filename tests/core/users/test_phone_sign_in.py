"""Registration and sign-in by a phone shared as a Telegram contact."""

from __future__ import annotations

import pytest

from core.clock import FrozenClock
from core.entities.users import User
from core.enums import AuditAction
from core.users.phone_sign_in import register_or_sign_in_by_phone
from core.users.telegram_accounts import find_user_by_telegram
from core.validation.errors import InvalidPhone
from storage.uow import UnitOfWorkFactory
from tests.core.users.conftest import START
from tests.core.users.helpers import actions_of


async def test_a_new_phone_registers_a_user_and_signs_the_telegram_account_in(
    uow_factory: UnitOfWorkFactory, clock: FrozenClock
) -> None:
    result = await register_or_sign_in_by_phone(
        uow_factory, clock, 500100, 500100, "8 (918) 123-45-67", language_code="en"
    )

    assert result.registered
    assert result.user.phone == "+79181234567"
    assert result.user.created_at == START
    assert result.user.language == "en"
    assert not result.user.has_password
    assert await find_user_by_telegram(uow_factory, 500100) == result.user
    assert await actions_of(uow_factory, result.user.id) == [
        AuditAction.REGISTERED,
        AuditAction.SIGNED_IN,
    ]


async def test_the_same_phone_in_another_form_signs_in_to_the_same_user(
    uow_factory: UnitOfWorkFactory, clock: FrozenClock
) -> None:
    first = await register_or_sign_in_by_phone(uow_factory, clock, 500100, 500100, "79181234567")
    again = await register_or_sign_in_by_phone(
        uow_factory, clock, 500200, 500200, "+7 918 123 45 67"
    )

    assert not again.registered
    assert again.user.id == first.user.id
    found = await find_user_by_telegram(uow_factory, 500200)
    assert found is not None and found.id == first.user.id


async def test_a_phone_registered_on_the_web_gets_the_telegram_account_linked(
    uow_factory: UnitOfWorkFactory, clock: FrozenClock
) -> None:
    async with uow_factory() as uow:
        web_user = User(
            phone="+79181234567",
            password_hash="$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA",
            last_name="Петров",
            failed_sign_ins=0,
            language="ru",
            created_at=START,
        )
        uow.users.add(web_user)
        await uow.commit()

    result = await register_or_sign_in_by_phone(
        uow_factory, clock, 500100, 500100, "8 918 123-45-67"
    )

    assert not result.registered
    assert result.user.id == web_user.id
    assert result.user.has_password
    assert await actions_of(uow_factory, web_user.id) == [AuditAction.SIGNED_IN]


async def test_signing_in_as_another_user_signs_out_of_the_first(
    uow_factory: UnitOfWorkFactory, clock: FrozenClock
) -> None:
    first = await register_or_sign_in_by_phone(uow_factory, clock, 500100, 500100, "79181234567")
    second = await register_or_sign_in_by_phone(uow_factory, clock, 500100, 500100, "79281234567")

    found = await find_user_by_telegram(uow_factory, 500100)
    assert found is not None and found.id == second.user.id
    assert await actions_of(uow_factory, first.user.id) == [
        AuditAction.REGISTERED,
        AuditAction.SIGNED_IN,
        AuditAction.SIGNED_OUT,
    ]


async def test_a_phone_that_is_not_russian_registers_nobody(
    uow_factory: UnitOfWorkFactory, clock: FrozenClock
) -> None:
    with pytest.raises(InvalidPhone):
        await register_or_sign_in_by_phone(uow_factory, clock, 500100, 500100, "+1 202 555 0100")

    assert await find_user_by_telegram(uow_factory, 500100) is None
