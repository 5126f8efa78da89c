"""What the users' services return: frozen snapshots, safe to keep after the session closes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from core.entities.users import User


@dataclass(frozen=True, slots=True)
class UserView:
    id: int
    phone: str | None
    email: str | None
    email_verified: bool
    has_password: bool
    language: str
    consented_at: datetime | None
    created_at: datetime

    @classmethod
    def of(cls, user: User) -> UserView:
        return cls(
            id=user.id,
            phone=user.phone,
            email=user.email,
            email_verified=user.email_verified_at is not None,
            has_password=user.password_hash is not None,
            language=user.language,
            consented_at=user.consented_at,
            created_at=user.created_at,
        )


@dataclass(frozen=True, slots=True)
class SignInView:
    """A Telegram account signed in; `registered` when the user was created by this sign-in."""

    user: UserView
    registered: bool


@dataclass(frozen=True, slots=True)
class CodeSentView:
    """A code is on its way (or, for a reset of an unknown address, seems to be)."""

    email: str
    expires_at: datetime
    resend_after: datetime


@dataclass(frozen=True, slots=True)
class ProfileView:
    user_id: int
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
    # «Параметры авторизации» (changed by their own services)
    phone: str | None
    email: str | None
    language: str

    @classmethod
    def of(cls, user: User) -> ProfileView:
        return cls(
            user_id=user.id,
            last_name=user.last_name,
            first_name=user.first_name,
            middle_name=user.middle_name,
            gender=user.gender,
            birth_date=user.birth_date,
            citizenship=user.citizenship,
            region=user.region,
            postal_code=user.postal_code,
            locality=user.locality,
            street=user.street,
            house=user.house,
            letter=user.letter,
            building=user.building,
            apartment=user.apartment,
            intercom=user.intercom,
            contact_email=user.contact_email,
            contact_phone=user.contact_phone,
            phone=user.phone,
            email=user.email,
            language=user.language,
        )


@dataclass(frozen=True, slots=True)
class DeletionView:
    """What a deletion left: counts of records the law makes the company keep, now nameless."""

    user_id: int
    deleted_at: datetime
    readings_kept: int
    payments_kept: int
