"""Enumerations shared by the cabinet's rules and its tables (stored as short strings)."""

from __future__ import annotations

from enum import StrEnum


class LinkStatus(StrEnum):
    ACTIVE = "active"
    PENDING = "pending"
    REJECTED = "rejected"
    UNLINKED = "unlinked"


class LinkMethod(StrEnum):
    ELS = "els"
    PHOTO = "photo"


class ReadingSource(StrEnum):
    BOT = "bot"
    WEB = "web"
    RECEIPT = "receipt"
    INSPECTOR = "inspector"
    IMPORT = "import"


class ReadingStatus(StrEnum):
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    PENDING = "pending"


class PaymentStatus(StrEnum):
    CREATED = "created"
    PENDING = "pending"
    CONFIRMED = "confirmed"
    DECLINED = "declined"
    REFUNDED = "refunded"


class PaymentSource(StrEnum):
    BOT = "bot"
    WEB = "web"
    BANK = "bank"
    POST = "post"
    CASH = "cash"
    IMPORT = "import"


class CodePurpose(StrEnum):
    EMAIL_SIGN_IN = "email_sign_in"
    EMAIL_CHANGE = "email_change"
    PASSWORD_RESET = "password_reset"


class AuditAction(StrEnum):
    REGISTERED = "registered"
    SIGNED_IN = "signed_in"
    SIGN_IN_FAILED = "sign_in_failed"
    SIGNED_OUT = "signed_out"
    ACCOUNT_LINKED = "account_linked"
    ACCOUNT_LINK_REQUESTED = "account_link_requested"
    ACCOUNT_LINK_REJECTED = "account_link_rejected"
    ACCOUNT_UNLINKED = "account_unlinked"
    PROFILE_CHANGED = "profile_changed"
    PASSWORD_CHANGED = "password_changed"
    PASSWORD_RESET = "password_reset"
    EMAIL_CHANGED = "email_changed"
    PHONE_CHANGED = "phone_changed"
    READINGS_SENT = "readings_sent"
    ACCOUNT_LOOKED_UP = "account_looked_up"  # to send readings by a number not linked
    PAYMENT_MADE = "payment_made"
    DATA_DELETED = "data_deleted"


class ThreadStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class MessageDirection(StrEnum):
    FROM_CUSTOMER = "from_customer"
    FROM_STAFF = "from_staff"


class ServiceRequestStatus(StrEnum):
    NEW = "new"
    ACCEPTED = "accepted"
    SCHEDULED = "scheduled"
    DONE = "done"
    REFUSED = "refused"


class OutboxStatus(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"
    SKIPPED = "skipped"


class NotificationKind(StrEnum):
    """What a notification is about; each kind has its payload and its text in the bot."""

    WINDOW_OPENS = "window_opens"
    WINDOW_CLOSING = "window_closing"
    NEW_BILL = "new_bill"
    PAYMENT_CONFIRMED = "payment_confirmed"
    PAYMENT_DECLINED = "payment_declined"
    LINK_DECIDED = "link_decided"
    STAFF_ANSWER = "staff_answer"
    SERVICE_REQUEST_CHANGED = "service_request_changed"
    VERIFICATION_DUE = "verification_due"
    BROADCAST = "broadcast"
    OUTAGE = "outage"
    PHONE_CHANGED = "phone_changed"  # the sign-in phone changed in another chat of the user


# A payment in these may still be paid: the customer has not finished at the gateway yet.
OPEN_PAYMENT_STATUSES = (PaymentStatus.CREATED.value, PaymentStatus.PENDING.value)
