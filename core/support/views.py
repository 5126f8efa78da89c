"""What the support services return: frozen snapshots, safe after the session closes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from core.accounts.views import AccountDashboard
from core.enums import MessageDirection, ServiceRequestStatus, ThreadStatus
from core.support.catalogue import ServiceCode


@dataclass(frozen=True, slots=True)
class AttachmentIn:
    """A file that came with a message: Telegram's id always, our copy when we kept one."""

    kind: str  # "photo" / "document"
    telegram_file_id: str
    size: int
    file_name: str | None = None
    mime_type: str | None = None
    file_path: str | None = None


class CaseStatus(StrEnum):
    WAITING = "waiting"  # open, the customer wrote last: staff owe an answer
    ANSWERED = "answered"  # open, staff wrote last
    CLOSED = "closed"


@dataclass(frozen=True, slots=True)
class SupportCaseView:
    """«Обращение №N» as the customer sees it in «Сообщения»."""

    number: int
    subject: str | None
    status: CaseStatus
    opened_at: datetime
    closed_at: datetime | None


@dataclass(frozen=True, slots=True)
class ThreadView:
    id: int
    user_id: int
    status: ThreadStatus
    topic_id: int | None
    reopened: bool = False  # the customer wrote into a closed dialog, which is open again


@dataclass(frozen=True, slots=True)
class SupportMessageView:
    id: int
    direction: MessageDirection
    text: str | None
    staff_name: str | None
    attachments: tuple[AttachmentIn, ...]
    created_at: datetime


@dataclass(frozen=True, slots=True)
class StaffAnswerView:
    message_id: int
    user_id: int
    notified_chats: int  # 0: the customer has no chat that takes messages (blocked the bot)


@dataclass(frozen=True, slots=True)
class CustomerCard:
    user_id: int
    name: str | None
    phone: str | None
    email: str | None
    accounts: list[AccountDashboard]

    @property
    def main_account(self) -> str | None:
        return self.accounts[0].number if self.accounts else None


@dataclass(frozen=True, slots=True)
class ServiceRequestView:
    id: int
    user_id: int
    account_id: int | None  # None: a contract for someone with no account yet
    account_number: str
    address: str  # the account's, or the one given for a contract
    service: ServiceCode
    preferred_date: date | None
    comment: str | None
    status: ServiceRequestStatus
    status_reason: str | None
    scheduled_on: date | None
    decided_by: int | None
    staff_message_id: int | None
    created_at: datetime
    meter_serial: str | None = None
    holder_name: str | None = None  # a contract without an account
    contact_phone: str | None = None


@dataclass(frozen=True, slots=True)
class ContractApplicant:
    """«Заключить договор» without an account: where, in whose name, the phone to call back."""

    address: str
    holder_name: str
    phone: str
