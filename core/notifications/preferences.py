"""Which notifications a customer may switch off in «Профиль», and the switches themselves.

Reminders and news are optional; answers to what the customer did (a payment, a link request, a
staff answer, a service request) and staff broadcasts are not. A kind is on until switched off.
Preferences are applied when a notification is enqueued (the scheduler's batched queries and
`notify_user` leave out those who switched the kind off) and again when the sender claims it
(rows written in bulk by another path, or a switch flipped meanwhile, end `skipped`); switching a
kind off also skips what of it is still waiting, so nothing of it arrives afterwards.
"""

from __future__ import annotations

from core.enums import NotificationKind
from core.ports import UnitOfWorkFactory

SWITCHABLE = (
    NotificationKind.WINDOW_OPENS,
    NotificationKind.WINDOW_CLOSING,
    NotificationKind.NEW_BILL,
    NotificationKind.VERIFICATION_DUE,
    NotificationKind.OUTAGE,
)


class NotificationPreferences:
    def __init__(self, uow_factory: UnitOfWorkFactory) -> None:
        self._uow_factory = uow_factory

    async def states(self, user_id: int) -> dict[NotificationKind, bool]:
        async with self._uow_factory() as uow:
            off = await uow.outbox.switched_off(user_id)
        return {kind: kind.value not in off for kind in SWITCHABLE}

    async def set_enabled(self, user_id: int, kind: NotificationKind, enabled: bool) -> None:
        if kind not in SWITCHABLE:
            raise ValueError(f"{kind} cannot be switched off")
        async with self._uow_factory() as uow:
            await uow.outbox.set_preference(user_id, kind.value, enabled)
            if not enabled:
                await uow.outbox.skip_pending(user_id, kind.value)
            await uow.commit()

    async def toggle(self, user_id: int, kind: NotificationKind) -> bool:
        """Flips the switch; returns whether the kind is now on."""
        enabled = not (await self.states(user_id))[kind]
        await self.set_enabled(user_id, kind, enabled)
        return enabled
