"""The cabinet's tables. Money is integer kopecks; readings are Numeric; time is UTC."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    event,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from core.outages.address import account_address_keys
from storage.types import UTCDateTime

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

READING = Numeric(14, 3)
KWH = Numeric(14, 3)
TARIFF = Numeric(12, 5)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class User(Base):
    """A cabinet user: login identities, «Основная анкета» and «Контактная информация»."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    phone: Mapped[str | None] = mapped_column(String(16), unique=True)
    email: Mapped[str | None] = mapped_column(String(254), unique=True)
    email_verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    password_hash: Mapped[str | None] = mapped_column(String(255))
    failed_sign_ins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # «Основная анкета»
    last_name: Mapped[str | None] = mapped_column(String(100))
    first_name: Mapped[str | None] = mapped_column(String(100))
    middle_name: Mapped[str | None] = mapped_column(String(100))
    gender: Mapped[str | None] = mapped_column(String(10))
    birth_date: Mapped[date | None] = mapped_column(Date)
    citizenship: Mapped[str | None] = mapped_column(String(100))
    # «Контактная информация»
    region: Mapped[str | None] = mapped_column(String(100))
    postal_code: Mapped[str | None] = mapped_column(String(6))
    locality: Mapped[str | None] = mapped_column(String(100))
    street: Mapped[str | None] = mapped_column(String(150))
    house: Mapped[str | None] = mapped_column(String(20))
    letter: Mapped[str | None] = mapped_column(String(10))
    building: Mapped[str | None] = mapped_column(String(10))
    apartment: Mapped[str | None] = mapped_column(String(10))
    intercom: Mapped[str | None] = mapped_column(String(20))
    contact_email: Mapped[str | None] = mapped_column(String(254))
    contact_phone: Mapped[str | None] = mapped_column(String(16))
    receipt_email: Mapped[str | None] = mapped_column(String(254))
    language: Mapped[str] = mapped_column(String(5), default="ru")
    consented_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class TelegramIdentity(Base):
    """A Telegram account signed in to a cabinet user (or not yet: user_id is null)."""

    __tablename__ = "telegram_identities"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    telegram_user_id: Mapped[int] = mapped_column(BigInteger, unique=True)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    chat_id: Mapped[int] = mapped_column(BigInteger)
    username: Mapped[str | None] = mapped_column(String(64))
    language_code: Mapped[str | None] = mapped_column(String(10))
    blocked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class VerificationCode(Base):
    """A one-time code mailed to confirm an e-mail, sign in or reset a password."""

    __tablename__ = "verification_codes"
    __table_args__ = (Index("ix_verification_codes_target", "purpose", "target"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    purpose: Mapped[str] = mapped_column(String(20))
    target: Mapped[str] = mapped_column(String(254))
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    code_hash: Mapped[str] = mapped_column(String(128))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    consumed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Account(Base):
    """A personal account (лицевой счёт) as billing knows it."""

    __tablename__ = "accounts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    number: Mapped[str] = mapped_column(String(20), unique=True)
    els: Mapped[str | None] = mapped_column(String(20))
    branch: Mapped[str] = mapped_column(String(150))
    locality: Mapped[str] = mapped_column(String(150))
    street: Mapped[str | None] = mapped_column(String(150))
    house: Mapped[str | None] = mapped_column(String(20))
    letter: Mapped[str | None] = mapped_column(String(10))
    building: Mapped[str | None] = mapped_column(String(10))
    apartment: Mapped[str | None] = mapped_column(String(10))
    holder_name: Mapped[str] = mapped_column(String(200))
    tariff: Mapped[str] = mapped_column(String(100))
    # The address as outages match it (core.outages.address), kept in step with the columns
    # above by whoever writes them: the billing import, and `_address_keys` for ORM writes.
    addr_locality: Mapped[str | None] = mapped_column(String(150))
    addr_street: Mapped[str | None] = mapped_column(String(160))
    addr_house: Mapped[int | None] = mapped_column(Integer)
    addr_house_suffix: Mapped[str | None] = mapped_column(String(40))

    # Equalities first, then the house's range; the suffix and the id make it covering, so an
    # outage's accounts are read from the index alone, not from pages all over the table.
    __table_args__ = (
        Index(
            "ix_accounts_address",
            "addr_locality",
            "addr_street",
            "branch",
            "addr_house",
            "addr_house_suffix",
            "id",
        ),
    )


class AccountLink(Base):
    """A user's claim on an account: active at once by ЕЛС, or pending a staff review by photo."""

    __tablename__ = "account_links"
    __table_args__ = (Index("ix_account_links_account", "account_id", "status"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(10))
    method: Mapped[str] = mapped_column(String(10))
    photo_path: Mapped[str | None] = mapped_column(String(500))
    reviewed_by: Mapped[int | None] = mapped_column(BigInteger)
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    reject_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class LinkAttempt(Base):
    """A try at linking by ЕЛС, kept to limit guessing per user and to watch it per account."""

    __tablename__ = "link_attempts"
    __table_args__ = (
        Index("ix_link_attempts_user", "user_id", "created_at"),
        Index("ix_link_attempts_account", "account_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    succeeded: Mapped[bool] = mapped_column(Boolean)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class LinkGuessingAlert(Base):
    """When staff were last told that many people miss an account's ЕЛС (once an hour at most)."""

    __tablename__ = "link_guessing_alerts"

    account_id: Mapped[int] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True
    )
    alerted_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Meter(Base):
    """A meter (прибор учёта) of an account; zones are "T", "T1;T2" or "T1;T2;T3"."""

    __tablename__ = "meters"
    __table_args__ = (UniqueConstraint("account_id", "serial"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    serial: Mapped[str] = mapped_column(String(40))
    model: Mapped[str] = mapped_column(String(100))
    digits: Mapped[int] = mapped_column(Integer)
    decimals: Mapped[int] = mapped_column(Integer, default=0)
    zones: Mapped[str] = mapped_column(String(20))
    installed_on: Mapped[date | None] = mapped_column(Date)
    next_verification_on: Mapped[date | None] = mapped_column(Date)


class Reading(Base):
    """One zone's value of a meter at a moment; a submission groups the zones sent together."""

    __tablename__ = "readings"
    __table_args__ = (
        Index("ix_readings_meter_zone_taken", "meter_id", "zone", "taken_at"),
        Index("ix_readings_period", "period"),
        Index("ix_readings_meter_period", "meter_id", "period"),
        # One row per zone per submission: a double-tapped "send" cannot write twice.
        UniqueConstraint("submission_key", "zone"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    meter_id: Mapped[int] = mapped_column(ForeignKey("meters.id", ondelete="CASCADE"))
    zone: Mapped[str] = mapped_column(String(4))
    value: Mapped[Decimal] = mapped_column(READING)
    consumption: Mapped[Decimal | None] = mapped_column(KWH)
    taken_at: Mapped[datetime] = mapped_column(UTCDateTime())
    period: Mapped[str] = mapped_column(String(7))  # YYYY-MM the reading counts for
    source: Mapped[str] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(10))
    reject_reason: Mapped[str | None] = mapped_column(Text)
    photo_path: Mapped[str | None] = mapped_column(String(500))
    submission_key: Mapped[str | None] = mapped_column(String(64), index=True)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Charge(Base):
    """What billing charged an account for a service in a period (начисление)."""

    __tablename__ = "charges"
    __table_args__ = (UniqueConstraint("account_id", "period", "service"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    period: Mapped[str] = mapped_column(String(7))
    service: Mapped[str] = mapped_column(String(100))
    consumption_kwh: Mapped[Decimal | None] = mapped_column(KWH)
    tariff_rub: Mapped[Decimal | None] = mapped_column(TARIFF)
    amount_kopecks: Mapped[int] = mapped_column(BigInteger)


class Payment(Base):
    """Money received for an account, from any source, with the provider's ids and fiscal data."""

    __tablename__ = "payments"
    __table_args__ = (
        Index("ix_payments_account_paid", "account_id", "paid_at"),
        # The few orders still open at a gateway, among millions of settled payments.
        Index(
            "ix_payments_pending",
            "provider",
            "updated_at",
            postgresql_where=text("status = 'pending'"),
            sqlite_where=text("status = 'pending'"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    amount_kopecks: Mapped[int] = mapped_column(BigInteger)
    purpose: Mapped[str] = mapped_column(String(100))
    source: Mapped[str] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(10))
    paid_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    external_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    provider: Mapped[str | None] = mapped_column(String(20))
    order_number: Mapped[str | None] = mapped_column(String(64), unique=True)
    provider_order_id: Mapped[str | None] = mapped_column(String(100), unique=True)
    provider_payment_id: Mapped[str | None] = mapped_column(String(100))
    receipt_email: Mapped[str | None] = mapped_column(String(254))
    fiscal: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # A payment started here: the meter it is for, the gateway's page, why it failed.
    meter_id: Mapped[int | None] = mapped_column(ForeignKey("meters.id", ondelete="SET NULL"))
    form_url: Mapped[str | None] = mapped_column(String(1000))
    failure_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class Bill(Base):
    """A bill (квитанция) of a period: the figures it was built from and the PDF file."""

    __tablename__ = "bills"
    __table_args__ = (UniqueConstraint("account_id", "period"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    period: Mapped[str] = mapped_column(String(7))
    charged_kopecks: Mapped[int] = mapped_column(BigInteger)
    debt_before_kopecks: Mapped[int] = mapped_column(BigInteger)
    paid_kopecks: Mapped[int] = mapped_column(BigInteger)
    total_kopecks: Mapped[int] = mapped_column(BigInteger)
    file_path: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class SupportThread(Base):
    """A customer's one dialog with the company; a forum topic in the staff group."""

    __tablename__ = "support_threads"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    status: Mapped[str] = mapped_column(String(10))
    staff_topic_id: Mapped[int | None] = mapped_column(BigInteger, unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class SupportMessage(Base):
    __tablename__ = "support_messages"
    __table_args__ = (Index("ix_support_messages_thread", "thread_id", "created_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    thread_id: Mapped[int] = mapped_column(ForeignKey("support_threads.id", ondelete="CASCADE"))
    direction: Mapped[str] = mapped_column(String(15))
    text: Mapped[str | None] = mapped_column(Text)
    staff_telegram_id: Mapped[int | None] = mapped_column(BigInteger)
    staff_name: Mapped[str | None] = mapped_column(String(200))
    # The message in the customer's chat and its copy in the staff topic (for replies).
    chat_message_id: Mapped[int | None] = mapped_column(BigInteger)
    topic_message_id: Mapped[int | None] = mapped_column(BigInteger)
    media_group_id: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class SupportAttachment(Base):
    __tablename__ = "support_attachments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    message_id: Mapped[int] = mapped_column(
        ForeignKey("support_messages.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(10))  # photo / document
    file_path: Mapped[str | None] = mapped_column(String(500))
    telegram_file_id: Mapped[str | None] = mapped_column(String(255))
    file_name: Mapped[str | None] = mapped_column(String(255))
    mime_type: Mapped[str | None] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)


class ServiceRequest(Base):
    """An order of a service (замена счётчика, поверка, опломбировка, ...)."""

    __tablename__ = "service_requests"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    service: Mapped[str] = mapped_column(String(50))
    preferred_date: Mapped[date | None] = mapped_column(Date)
    comment: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10))
    status_reason: Mapped[str | None] = mapped_column(Text)
    scheduled_on: Mapped[date | None] = mapped_column(Date)
    decided_by: Mapped[int | None] = mapped_column(BigInteger)
    staff_message_id: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class AuditEvent(Base):
    """«История аккаунта»: what a user did and when."""

    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_events_user_created", "user_id", "created_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(30))
    details: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class NotificationPreference(Base):
    __tablename__ = "notification_preferences"
    __table_args__ = (UniqueConstraint("user_id", "kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(30))
    enabled: Mapped[bool] = mapped_column(Boolean)


class OutboxMessage(Base):
    """A notification waiting to be sent; `dedup_key` makes each one exist once."""

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_due", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    dedup_key: Mapped[str] = mapped_column(String(128), unique=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    chat_id: Mapped[int] = mapped_column(BigInteger)
    kind: Mapped[str] = mapped_column(String(30))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(10))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # A sender holds a row it is sending until then; another may take it after (a crash).
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_error: Mapped[str | None] = mapped_column(Text)
    sent_message_id: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class StaffTopic(Base):
    """A forum topic the bot opened in the staff group for a purpose (e.g. link requests)."""

    __tablename__ = "staff_topics"

    chat_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    purpose: Mapped[str] = mapped_column(String(40), primary_key=True)
    thread_id: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class FsmRecord(Base):
    """aiogram FSM state and data kept in the database when Redis is not configured."""

    __tablename__ = "fsm_records"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    state: Mapped[str | None] = mapped_column(String(200))
    data: Mapped[dict[str, Any]] = mapped_column(JSON)


class InboxUpdate(Base):
    """A Telegram update as it was received, kept before Telegram is told it arrived (the webhook's
    answer, the next getUpdates' offset); its `update_id` makes a redelivery a no-op."""

    __tablename__ = "update_inbox"
    __table_args__ = (
        Index("ix_update_inbox_handled_at", "handled_at"),
        Index("ix_update_inbox_chat", "chat_id", "handled_at"),
    )

    update_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    # The chat the update belongs to (the user's id when it has no chat; null for neither):
    # one chat's updates are handled one at a time, in update_id order.
    chat_id: Mapped[int | None] = mapped_column(BigInteger)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # A worker handling the update holds it until then (renewed while it runs); after a crash
    # another one takes it over.
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    handled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The exception's type when the handler raised (the update counts as handled all the same).
    error: Mapped[str | None] = mapped_column(String(200))


class ClusterLease(Base):
    """A job that runs on one worker of the cluster at a time (the reminder scheduler, the outbox
    sender): held by `holder` until `expires_at`, renewed while it runs, taken over once it ran
    out (its holder died)."""

    __tablename__ = "cluster_leases"

    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    holder: Mapped[str] = mapped_column(String(200))
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Outage(Base):
    """A planned or emergency power cut at a place (locality, street, houses), from the grid
    company's file or posted by staff, and what of it customers have been told."""

    __tablename__ = "outages"
    __table_args__ = (
        Index("ix_outages_place", "locality_key", "street_key"),
        Index("ix_outages_status", "status", "ends_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    external_id: Mapped[str] = mapped_column(String(60), unique=True)
    source: Mapped[str] = mapped_column(String(10))  # import | staff
    kind: Mapped[str] = mapped_column(String(10))  # planned | emergency
    branch: Mapped[str] = mapped_column(String(150))
    locality: Mapped[str] = mapped_column(String(150))
    street: Mapped[str | None] = mapped_column(String(150))
    houses: Mapped[str] = mapped_column(String(500))
    locality_key: Mapped[str] = mapped_column(String(150))
    street_key: Mapped[str] = mapped_column(String(160))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime())
    reason: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10))  # active | cancelled | restored | ended
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # What customers were last told: the stage, the times it named, and whether the end (a
    # cancellation, the power back) was told.
    told_stage: Mapped[str | None] = mapped_column(String(10))
    told_starts_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    told_ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    told_closed: Mapped[bool] = mapped_column(Boolean, default=False)
    created_by: Mapped[int | None] = mapped_column(BigInteger)  # the staff member's Telegram id
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Document(Base):
    """A document of an account (a contract, an act, a letter) as a PDF under `FILES_DIR`."""

    __tablename__ = "documents"
    __table_args__ = (Index("ix_documents_account", "account_id", "issued_on"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    external_id: Mapped[str | None] = mapped_column(String(60), unique=True)  # billing's id
    source: Mapped[str] = mapped_column(String(10))
    kind: Mapped[str] = mapped_column(String(10))
    title: Mapped[str] = mapped_column(String(200))
    issued_on: Mapped[date] = mapped_column(Date)
    file_name: Mapped[str] = mapped_column(String(200))
    file_path: Mapped[str] = mapped_column(String(300))
    telegram_file_id: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class OfficeRow(Base):
    """An office or the contact centre, as the company's offices file gives it (`core.help`)."""

    __tablename__ = "offices"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    position: Mapped[int] = mapped_column(Integer)  # the file's order
    kind: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(200))
    address: Mapped[str] = mapped_column(String(300))
    hours: Mapped[str] = mapped_column(String(300))
    phone: Mapped[str] = mapped_column(String(40))
    latitude: Mapped[Decimal | None] = mapped_column(Numeric(11, 8))
    longitude: Mapped[Decimal | None] = mapped_column(Numeric(11, 8))


class FaqEntry(Base):
    """A common question and its answer in one language, in the FAQ file's order."""

    __tablename__ = "faq_entries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    language: Mapped[str] = mapped_column(String(5), index=True)
    question: Mapped[str] = mapped_column(String(200))
    answer: Mapped[str] = mapped_column(Text)


@event.listens_for(Account, "before_insert")
@event.listens_for(Account, "before_update")
def _address_keys(_mapper: Any, _connection: Any, account: Account) -> None:
    """An account written through the ORM (tests, the demo's showcase) gets its address keys as
    the billing import writes them."""
    (
        account.addr_locality,
        account.addr_street,
        account.addr_house,
        account.addr_house_suffix,
    ) = account_address_keys(account.locality, account.street, account.house, account.letter)
