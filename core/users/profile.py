"""The profile: «Основная анкета» and «Контактная информация», read and updated field by field."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, tzinfo
from zoneinfo import ZoneInfo

from core import audit
from core.clock import Clock
from core.enums import AuditAction
from core.ports import UnitOfWorkFactory
from core.users.errors import UserNotFound
from core.users.profile_fields import LANGUAGES, ProfileField, ProfileValue, normalize_field
from core.users.views import ProfileView
from core.validation.errors import InvalidChoice

COMPANY_TIMEZONE = ZoneInfo("Europe/Moscow")
# Fields that cannot be emptied once set.
_REQUIRED = frozenset({ProfileField.LANGUAGE})


async def get_profile(uow_factory: UnitOfWorkFactory, user_id: int) -> ProfileView:
    async with uow_factory() as uow:
        user = await uow.users.get(user_id)
        if user is None:
            raise UserNotFound()
        return ProfileView.of(user)


async def update_profile(
    uow_factory: UnitOfWorkFactory,
    clock: Clock,
    user_id: int,
    changes: Mapping[ProfileField, ProfileValue | None],
    *,
    timezone: tzinfo = COMPANY_TIMEZONE,
) -> ProfileView:
    """Validates every change first (nothing is saved if one is wrong), then saves those that
    differ and audits the names of the changed fields. An empty or None value clears a field.

    A birth date is checked against today's date in the company's `timezone`.
    """
    today = clock.now().astimezone(timezone).date()
    normalized = {field: _normalize(field, value, today) for field, value in changes.items()}
    async with uow_factory() as uow:
        user = await uow.users.get(user_id, for_update=True)
        if user is None:
            raise UserNotFound()
        changed = sorted(
            field.value
            for field, value in normalized.items()
            if getattr(user, field.value) != value
        )
        for name in changed:
            setattr(user, name, normalized[ProfileField(name)])
        if changed:
            await audit.record(
                uow,
                user.id,
                AuditAction.PROFILE_CHANGED,
                details={"fields": changed},
                at=clock.now(),
            )
            await uow.commit()
        return ProfileView.of(user)


def _normalize(field: ProfileField, value: ProfileValue | None, today: date) -> str | date | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        if field in _REQUIRED:
            raise InvalidChoice(field.value, LANGUAGES)
        return None
    return normalize_field(field, value, today)
