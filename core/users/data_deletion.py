"""«Удалить мои данные»: everything that describes the person goes; what the law requires stays.

Readings and payments stay with their accounts (billing and tax law), no longer naming who sent
them; the user row stays as a nameless tombstone so that the deletion itself is on record.
"""

from __future__ import annotations

from core import audit
from core.clock import Clock
from core.entities.users import User
from core.enums import AuditAction
from core.ports import UnitOfWorkFactory
from core.users.errors import UserNotFound
from core.users.profile_fields import ProfileField
from core.users.views import DeletionView

_SIGN_IN_FIELDS = (
    "phone",
    "email",
    "email_verified_at",
    "password_hash",
    "locked_until",
    "receipt_email",
    "consented_at",
)


async def delete_my_data(
    uow_factory: UnitOfWorkFactory, clock: Clock, user_id: int
) -> DeletionView:
    now = clock.now()
    async with uow_factory() as uow:
        user = await uow.users.get(user_id, for_update=True)
        if user is None:
            raise UserNotFound()
        readings, payments = await uow.users.count_kept_records(user_id)
        addresses = [address for address in (user.email, user.contact_email) if address]
        await uow.codes.remove_for(user_id=user_id, targets=addresses)
        await uow.users.erase_personal_rows(user_id)
        await uow.users.detach_kept_records(user_id)
        await uow.audit.detach_user(user_id)
        _blank(user)
        user.deleted_at = now
        await audit.record(
            uow,
            user_id,
            AuditAction.DATA_DELETED,
            details={"readings_kept": readings, "payments_kept": payments},
            at=now,
        )
        await uow.commit()
    return DeletionView(user_id, now, readings_kept=readings, payments_kept=payments)


def _blank(user: User) -> None:
    for name in _SIGN_IN_FIELDS:
        setattr(user, name, None)
    for field in ProfileField:
        if field is not ProfileField.LANGUAGE:
            setattr(user, field.value, None)
    user.failed_sign_ins = 0
    user.language = "ru"
