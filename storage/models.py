"""The cabinet's tables, and core's records mapped onto them (classical mapping: core's classes
know nothing of the database). Money is integer kopecks; readings are Numeric; time is UTC.

Importing this module maps the records, once; storage's repositories and unit of work import it,
so a record is mapped before anything reads or writes it.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Numeric,
    String,
    Table,
    Text,
    UniqueConstraint,
    event,
    text,
)
from sqlalchemy.orm import registry

from core.entities.accounts import Account, AccountLink, LinkAttempt, LinkGuessingAlert
from core.entities.audit import AuditEvent
from core.entities.billing import Charge
from core.entities.bills import Bill
from core.entities.codes import VerificationCode
from core.entities.documents import Document
from core.entities.help import FaqEntry, OfficeRecord
from core.entities.meters import Meter
from core.entities.notifications import NotificationPreference
from core.entities.outages import Outage
from core.entities.outbox import OutboxMessage
from core.entities.payments import Payment
from core.entities.readings import Reading
from core.entities.service_requests import ServiceRequest
from core.entities.staff_topics import StaffTopic
from core.entities.support import (
    SupportAttachment,
    SupportCase,
    SupportMessage,
    SupportThread,
)
from core.entities.users import TelegramIdentity, User
from core.outages.address import account_address_keys
from storage.records import ClusterLease, FsmRecord, InboxUpdate
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

metadata = MetaData(naming_convention=NAMING)

users_table = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("phone", String(16), nullable=True, unique=True),
    Column("email", String(254), nullable=True, unique=True),
    Column("email_verified_at", UTCDateTime(), nullable=True),
    Column("password_hash", String(255), nullable=True),
    Column("failed_sign_ins", Integer, nullable=False, default=0),
    Column("locked_until", UTCDateTime(), nullable=True),
    Column("last_name", String(100), nullable=True),
    Column("first_name", String(100), nullable=True),
    Column("middle_name", String(100), nullable=True),
    Column("gender", String(10), nullable=True),
    Column("birth_date", Date, nullable=True),
    Column("citizenship", String(100), nullable=True),
    Column("region", String(100), nullable=True),
    Column("postal_code", String(6), nullable=True),
    Column("locality", String(100), nullable=True),
    Column("street", String(150), nullable=True),
    Column("house", String(20), nullable=True),
    Column("letter", String(10), nullable=True),
    Column("building", String(10), nullable=True),
    Column("apartment", String(10), nullable=True),
    Column("intercom", String(20), nullable=True),
    Column("contact_email", String(254), nullable=True),
    Column("contact_phone", String(16), nullable=True),
    Column("receipt_email", String(254), nullable=True),
    Column("language", String(5), nullable=False, default="ru"),
    Column("consented_at", UTCDateTime(), nullable=True),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("deleted_at", UTCDateTime(), nullable=True),
)

telegram_identities_table = Table(
    "telegram_identities",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("telegram_user_id", BigInteger, nullable=False, unique=True),
    Column(
        "user_id", Integer, ForeignKey("users.id", ondelete="SET NULL"), nullable=True, index=True
    ),
    Column("chat_id", BigInteger, nullable=False),
    Column("username", String(64), nullable=True),
    Column("language_code", String(10), nullable=True),
    Column("blocked_at", UTCDateTime(), nullable=True),
    Column("created_at", UTCDateTime(), nullable=False),
)

verification_codes_table = Table(
    "verification_codes",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("purpose", String(20), nullable=False),
    Column("target", String(254), nullable=False),
    Column(
        "user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=True, index=True
    ),
    Column("code_hash", String(128), nullable=False),
    Column("attempts", Integer, nullable=False, default=0),
    Column("expires_at", UTCDateTime(), nullable=False),
    Column("consumed_at", UTCDateTime(), nullable=True),
    Column("created_at", UTCDateTime(), nullable=False),
    Index("ix_verification_codes_target", "purpose", "target"),
)

accounts_table = Table(
    "accounts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("number", String(20), nullable=False, unique=True),
    Column("els", String(20), nullable=True),
    Column("branch", String(150), nullable=False),
    Column("locality", String(150), nullable=False),
    Column("street", String(150), nullable=True),
    Column("house", String(20), nullable=True),
    Column("letter", String(10), nullable=True),
    Column("building", String(10), nullable=True),
    Column("apartment", String(10), nullable=True),
    Column("holder_name", String(200), nullable=False),
    Column("tariff", String(100), nullable=False),
    Column("addr_locality", String(150), nullable=True),
    Column("addr_street", String(160), nullable=True),
    Column("addr_house", Integer, nullable=True),
    Column("addr_house_suffix", String(40), nullable=True),
    # Equalities first, then the house's range; the suffix and the id make it covering, so an
    # outage's accounts are read from the index alone, not from pages all over the table.
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

account_links_table = Table(
    "account_links",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True
    ),
    Column("account_id", Integer, ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False),
    Column("status", String(10), nullable=False),
    Column("method", String(10), nullable=False),
    Column("photo_path", String(500), nullable=True),
    Column("reviewed_by", BigInteger, nullable=True),
    Column("reviewed_at", UTCDateTime(), nullable=True),
    Column("reject_reason", Text, nullable=True),
    Column("created_at", UTCDateTime(), nullable=False),
    Index("ix_account_links_account", "account_id", "status"),
)

link_attempts_table = Table(
    "link_attempts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("account_id", Integer, ForeignKey("accounts.id", ondelete="CASCADE"), nullable=True),
    Column("succeeded", Boolean, nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
    Index("ix_link_attempts_account", "account_id", "created_at"),
    Index("ix_link_attempts_user", "user_id", "created_at"),
)

link_guessing_alerts_table = Table(
    "link_guessing_alerts",
    metadata,
    Column("account_id", Integer, ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True),
    Column("alerted_at", UTCDateTime(), nullable=False),
)

meters_table = Table(
    "meters",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("account_id", Integer, ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False),
    Column("serial", String(40), nullable=False),
    Column("model", String(100), nullable=False),
    Column("digits", Integer, nullable=False),
    Column("decimals", Integer, nullable=False, default=0),
    Column("zones", String(20), nullable=False),
    Column("installed_on", Date, nullable=True),
    Column("next_verification_on", Date, nullable=True),
    UniqueConstraint("account_id", "serial"),
)

readings_table = Table(
    "readings",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("meter_id", Integer, ForeignKey("meters.id", ondelete="CASCADE"), nullable=False),
    Column("zone", String(4), nullable=False),
    Column("value", READING, nullable=False),
    Column("consumption", KWH, nullable=True),
    Column("taken_at", UTCDateTime(), nullable=False),
    Column("period", String(7), nullable=False),
    Column("source", String(10), nullable=False),
    Column("status", String(10), nullable=False),
    Column("reject_reason", Text, nullable=True),
    Column("photo_path", String(500), nullable=True),
    Column("submission_key", String(64), nullable=True, index=True),
    Column(
        "user_id", Integer, ForeignKey("users.id", ondelete="SET NULL"), nullable=True, index=True
    ),
    Column("created_at", UTCDateTime(), nullable=False),
    Index("ix_readings_meter_period", "meter_id", "period"),
    Index("ix_readings_meter_zone_taken", "meter_id", "zone", "taken_at"),
    Index("ix_readings_period", "period"),
    # One row per zone per submission: a double-tapped "send" cannot write twice.
    UniqueConstraint("submission_key", "zone"),
)

charges_table = Table(
    "charges",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("account_id", Integer, ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False),
    Column("period", String(7), nullable=False),
    Column("service", String(100), nullable=False),
    Column("consumption_kwh", KWH, nullable=True),
    Column("tariff_rub", TARIFF, nullable=True),
    Column("amount_kopecks", BigInteger, nullable=False),
    UniqueConstraint("account_id", "period", "service"),
)

payments_table = Table(
    "payments",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("account_id", Integer, ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False),
    Column(
        "user_id", Integer, ForeignKey("users.id", ondelete="SET NULL"), nullable=True, index=True
    ),
    Column("amount_kopecks", BigInteger, nullable=False),
    Column("purpose", String(100), nullable=False),
    Column("source", String(100), nullable=False),
    Column("status", String(10), nullable=False),
    Column("paid_at", UTCDateTime(), nullable=True),
    Column("external_key", String(64), nullable=True, unique=True),
    Column("provider", String(20), nullable=True),
    Column("order_number", String(64), nullable=True, unique=True),
    Column("provider_order_id", String(100), nullable=True, unique=True),
    Column("provider_payment_id", String(100), nullable=True),
    Column("receipt_email", String(254), nullable=True),
    Column("fiscal", JSON, nullable=True),
    Column("meter_id", Integer, ForeignKey("meters.id", ondelete="SET NULL"), nullable=True),
    Column("form_url", String(1000), nullable=True),
    Column("failure_reason", Text, nullable=True),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("updated_at", UTCDateTime(), nullable=True),
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

bills_table = Table(
    "bills",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("account_id", Integer, ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False),
    Column("period", String(7), nullable=False),
    Column("charged_kopecks", BigInteger, nullable=False),
    Column("debt_before_kopecks", BigInteger, nullable=False),
    Column("paid_kopecks", BigInteger, nullable=False),
    Column("total_kopecks", BigInteger, nullable=False),
    Column("file_path", String(500), nullable=True),
    Column("created_at", UTCDateTime(), nullable=False),
    UniqueConstraint("account_id", "period"),
)

support_threads_table = Table(
    "support_threads",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False, unique=True
    ),
    Column("status", String(10), nullable=False),
    Column("staff_topic_id", BigInteger, nullable=True, unique=True),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("closed_at", UTCDateTime(), nullable=True),
)

support_cases_table = Table(
    "support_cases",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "thread_id",
        Integer,
        ForeignKey("support_threads.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("subject", String(100), nullable=True),
    Column("status", String(10), nullable=False),
    Column("opened_at", UTCDateTime(), nullable=False),
    Column("closed_at", UTCDateTime(), nullable=True),
    Column("closed_by", String(200), nullable=True),
    Index("ix_support_cases_user", "user_id", "id"),
    Index("ix_support_cases_thread", "thread_id", "status"),
)

support_messages_table = Table(
    "support_messages",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "thread_id", Integer, ForeignKey("support_threads.id", ondelete="CASCADE"), nullable=False
    ),
    Column("direction", String(15), nullable=False),
    Column("text", Text, nullable=True),
    Column("staff_telegram_id", BigInteger, nullable=True),
    Column("staff_name", String(200), nullable=True),
    Column("chat_message_id", BigInteger, nullable=True),
    Column("topic_message_id", BigInteger, nullable=True),
    Column("media_group_id", String(64), nullable=True),
    Column("created_at", UTCDateTime(), nullable=False),
    Index("ix_support_messages_thread", "thread_id", "created_at"),
)

support_attachments_table = Table(
    "support_attachments",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "message_id",
        Integer,
        ForeignKey("support_messages.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("kind", String(10), nullable=False),
    Column("file_path", String(500), nullable=True),
    Column("telegram_file_id", String(255), nullable=True),
    Column("file_name", String(255), nullable=True),
    Column("mime_type", String(100), nullable=True),
    Column("size", Integer, nullable=False),
)

service_requests_table = Table(
    "service_requests",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True
    ),
    Column("account_id", Integer, ForeignKey("accounts.id", ondelete="CASCADE"), nullable=True),
    Column("meter_id", Integer, ForeignKey("meters.id", ondelete="SET NULL"), nullable=True),
    Column("address", String(300), nullable=True),
    Column("holder_name", String(200), nullable=True),
    Column("contact_phone", String(16), nullable=True),
    Column("service", String(50), nullable=False),
    Column("preferred_date", Date, nullable=True),
    Column("comment", Text, nullable=True),
    Column("status", String(10), nullable=False),
    Column("status_reason", Text, nullable=True),
    Column("scheduled_on", Date, nullable=True),
    Column("decided_by", BigInteger, nullable=True),
    Column("staff_message_id", BigInteger, nullable=True),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("updated_at", UTCDateTime(), nullable=False),
)

audit_events_table = Table(
    "audit_events",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", Integer, ForeignKey("users.id", ondelete="SET NULL"), nullable=True),
    Column("account_id", Integer, ForeignKey("accounts.id", ondelete="SET NULL"), nullable=True),
    Column("action", String(30), nullable=False),
    Column("details", JSON, nullable=True),
    Column("created_at", UTCDateTime(), nullable=False),
    Index("ix_audit_events_user_created", "user_id", "created_at"),
)

notification_preferences_table = Table(
    "notification_preferences",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("kind", String(30), nullable=False),
    Column("enabled", Boolean, nullable=False),
    UniqueConstraint("user_id", "kind"),
)

outbox_table = Table(
    "outbox",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("dedup_key", String(128), nullable=False, unique=True),
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=True),
    Column("chat_id", BigInteger, nullable=False),
    Column("kind", String(30), nullable=False),
    Column("payload", JSON, nullable=False),
    Column("status", String(10), nullable=False),
    Column("attempts", Integer, nullable=False, default=0),
    Column("next_attempt_at", UTCDateTime(), nullable=False),
    Column("locked_until", UTCDateTime(), nullable=True),
    Column("last_error", Text, nullable=True),
    Column("sent_message_id", BigInteger, nullable=True),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("sent_at", UTCDateTime(), nullable=True),
    Index("ix_outbox_due", "status", "next_attempt_at"),
)

staff_topics_table = Table(
    "staff_topics",
    metadata,
    Column("chat_id", BigInteger, primary_key=True),
    Column("purpose", String(40), primary_key=True),
    Column("thread_id", BigInteger, nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
)

update_inbox_table = Table(
    "update_inbox",
    metadata,
    Column("update_id", BigInteger, primary_key=True, autoincrement=False),
    Column("payload", JSON, nullable=False),
    Column("chat_id", BigInteger, nullable=True),
    Column("received_at", UTCDateTime(), nullable=False),
    Column("claimed_until", UTCDateTime(), nullable=True),
    Column("attempts", Integer, nullable=False, default=0),
    Column("handled_at", UTCDateTime(), nullable=True),
    Column("error", String(200), nullable=True),
    Index("ix_update_inbox_chat", "chat_id", "handled_at"),
    Index("ix_update_inbox_handled_at", "handled_at"),
)

cluster_leases_table = Table(
    "cluster_leases",
    metadata,
    Column("name", String(100), primary_key=True),
    Column("holder", String(200), nullable=False),
    Column("expires_at", UTCDateTime(), nullable=False),
)

outages_table = Table(
    "outages",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("external_id", String(60), nullable=False, unique=True),
    Column("source", String(10), nullable=False),
    Column("kind", String(10), nullable=False),
    Column("branch", String(150), nullable=False),
    Column("locality", String(150), nullable=False),
    Column("street", String(150), nullable=True),
    Column("houses", String(500), nullable=False),
    Column("locality_key", String(150), nullable=False),
    Column("street_key", String(160), nullable=False),
    Column("starts_at", UTCDateTime(), nullable=False),
    Column("ends_at", UTCDateTime(), nullable=False),
    Column("reason", Text, nullable=True),
    Column("status", String(10), nullable=False),
    Column("closed_at", UTCDateTime(), nullable=True),
    Column("told_stage", String(10), nullable=True),
    Column("told_starts_at", UTCDateTime(), nullable=True),
    Column("told_ends_at", UTCDateTime(), nullable=True),
    Column("told_closed", Boolean, nullable=False, default=False),
    Column("created_by", BigInteger, nullable=True),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("updated_at", UTCDateTime(), nullable=False),
    Index("ix_outages_place", "locality_key", "street_key"),
    Index("ix_outages_status", "status", "ends_at"),
)

fsm_records_table = Table(
    "fsm_records",
    metadata,
    Column("key", String(200), primary_key=True),
    Column("state", String(200), nullable=True),
    Column("data", JSON, nullable=False),
)


_mapper = registry(metadata=metadata)


documents_table = Table(
    "documents",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("account_id", Integer, ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False),
    Column("external_id", String(60), nullable=True, unique=True),
    Column("source", String(10), nullable=False),
    Column("kind", String(10), nullable=False),
    Column("title", String(200), nullable=False),
    Column("issued_on", Date, nullable=False),
    Column("file_name", String(200), nullable=False),
    Column("file_path", String(300), nullable=False),
    Column("telegram_file_id", String(200), nullable=True),
    Column("created_at", UTCDateTime(), nullable=False),
    Index("ix_documents_account", "account_id", "issued_on"),
)

offices_table = Table(
    "offices",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("code", String(40), nullable=False, unique=True),
    Column("position", Integer, nullable=False),
    Column("kind", String(20), nullable=False),
    Column("name", String(200), nullable=False),
    Column("address", String(300), nullable=False),
    Column("hours", String(300), nullable=False),
    Column("phone", String(40), nullable=False),
    Column("latitude", Numeric(11, 8), nullable=True),
    Column("longitude", Numeric(11, 8), nullable=True),
)

faq_entries_table = Table(
    "faq_entries",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("position", Integer, nullable=False),
    Column("language", String(5), nullable=False, index=True),
    Column("question", String(200), nullable=False),
    Column("answer", Text, nullable=False),
)


def _map() -> None:
    _mapper.map_imperatively(User, users_table)
    _mapper.map_imperatively(TelegramIdentity, telegram_identities_table)
    _mapper.map_imperatively(VerificationCode, verification_codes_table)
    _mapper.map_imperatively(Account, accounts_table)
    _mapper.map_imperatively(AccountLink, account_links_table)
    _mapper.map_imperatively(LinkAttempt, link_attempts_table)
    _mapper.map_imperatively(LinkGuessingAlert, link_guessing_alerts_table)
    _mapper.map_imperatively(Meter, meters_table)
    _mapper.map_imperatively(Reading, readings_table)
    _mapper.map_imperatively(Charge, charges_table)
    _mapper.map_imperatively(Payment, payments_table)
    _mapper.map_imperatively(Bill, bills_table)
    _mapper.map_imperatively(SupportThread, support_threads_table)
    _mapper.map_imperatively(SupportCase, support_cases_table)
    _mapper.map_imperatively(SupportMessage, support_messages_table)
    _mapper.map_imperatively(SupportAttachment, support_attachments_table)
    _mapper.map_imperatively(ServiceRequest, service_requests_table)
    _mapper.map_imperatively(AuditEvent, audit_events_table)
    _mapper.map_imperatively(NotificationPreference, notification_preferences_table)
    _mapper.map_imperatively(OutboxMessage, outbox_table)
    _mapper.map_imperatively(StaffTopic, staff_topics_table)
    _mapper.map_imperatively(InboxUpdate, update_inbox_table)
    _mapper.map_imperatively(ClusterLease, cluster_leases_table)
    _mapper.map_imperatively(Outage, outages_table)
    _mapper.map_imperatively(FsmRecord, fsm_records_table)
    _mapper.map_imperatively(Document, documents_table)
    _mapper.map_imperatively(OfficeRecord, offices_table)
    _mapper.map_imperatively(FaqEntry, faq_entries_table)


_map()


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
