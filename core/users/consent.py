"""Consent to the processing of personal data (152-ФЗ), recorded with its time."""

from __future__ import annotations

from core import audit
from core.clock import Clock
from core.enums import AuditAction
from core.ports import UnitOfWorkFactory
from core.users.errors import UserNotFound
from core.users.views import UserView


async def record_consent(uow_factory: UnitOfWorkFactory, clock: Clock, user_id: int) -> UserView:
    """Keeps the first consent's time; giving it again changes nothing."""
    async with uow_factory() as uow:
        user = await uow.users.get(user_id, for_update=True)
        if user is None:
            raise UserNotFound()
        if user.consented_at is None:
            now = clock.now()
            user.consented_at = now
            await audit.record(
                uow, user.id, AuditAction.PROFILE_CHANGED, details={"fields": ["consent"]}, at=now
            )
            await uow.commit()
        return UserView.of(user)
