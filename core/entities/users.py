"""Cabinet users and the Telegram accounts signed in to them."""

from __future__ import annotations

from datetime import date, datetime

from core.entities.entity import Entity


class User(Entity):
    """A cabinet user: login identities, «Основная анкета» and «Контактная информация»."""

    id: int
    phone: str | None
    email: str | None
    email_verified_at: datetime | None
    password_hash: str | None
    failed_sign_ins: int
    locked_until: datetime | None
    # «Основная анкета»
    last_name: str | None
    first_name: str | None
    middle_name: str | None
    gender: str | None
    birth_date: date | None
    citizenship: str | None
    # «Контактная информация»
    region: str | None
    postal_code: str | None
    locality: str | None
    street: str | None
    house: str | None
    letter: str | None
    building: str | None
    apartment: str | None
    intercom: str | None
    contact_email: str | None
    contact_phone: str | None
    receipt_email: str | None
    language: str
    consented_at: datetime | None
    created_at: datetime
    deleted_at: datetime | None


class TelegramIdentity(Entity):
    """A Telegram account signed in to a cabinet user (or not yet: user_id is null)."""

    id: int
    telegram_user_id: int
    user_id: int | None
    chat_id: int
    username: str | None
    language_code: str | None
    blocked_at: datetime | None
    created_at: datetime
