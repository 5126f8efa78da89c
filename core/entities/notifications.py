"""Which notifications a user has switched on or off."""

from __future__ import annotations

from core.entities.entity import Entity


class NotificationPreference(Entity):
    id: int
    user_id: int
    kind: str
    enabled: bool
