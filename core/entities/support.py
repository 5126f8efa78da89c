"""Support threads, their messages and attachments."""

from __future__ import annotations

from datetime import datetime

from core.entities.entity import Entity


class SupportThread(Entity):
    """A customer's one dialog with the company; a forum topic in the staff group."""

    id: int
    user_id: int
    status: str
    staff_topic_id: int | None
    created_at: datetime
    closed_at: datetime | None


class SupportMessage(Entity):
    id: int
    thread_id: int
    direction: str
    text: str | None
    staff_telegram_id: int | None
    staff_name: str | None
    # The message in the customer's chat and its copy in the staff topic (for replies).
    chat_message_id: int | None
    topic_message_id: int | None
    media_group_id: str | None
    created_at: datetime


class SupportAttachment(Entity):
    id: int
    message_id: int
    kind: str  # photo / document
    file_path: str | None
    telegram_file_id: str | None
    file_name: str | None
    mime_type: str | None
    size: int
