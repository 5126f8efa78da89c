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


class SupportCase(Entity):
    """«Обращение №N»: the stretch of a dialog from the customer's first message after the last
    `/close` to the next `/close`; `id` is its number."""

    id: int
    thread_id: int
    user_id: int
    subject: str | None  # the first message's text, shortened; None for an attachment alone
    status: str  # open | closed
    opened_at: datetime
    closed_at: datetime | None
    closed_by: str | None  # the staff member's name


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
