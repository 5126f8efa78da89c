"""The fiscal receipt (54-ФЗ) of a paid order, as the bank's fiscalisation service reports it.

Field names follow the bank's `getReceiptStatus.do` answer. The numbers are made up but have
the real shapes: a 16-digit fiscal drive number (ФН), a fiscal document number (ФД) counting up,
and a 10-digit fiscal sign (ФПД) derived from the order, so one order always gets the same one.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

FN_NUMBER = "9999078900012345"
ECR_REGISTRATION_NUMBER = "0000000001012345"
OFD_NAME = "ООО «Песочница ОФД»"
OFD_INN = "7700000000"
FNS_SITE = "www.nalog.gov.ru"
BANK_TIME = ZoneInfo("Europe/Moscow")  # the bank reports local (Moscow) times


@dataclass(frozen=True)
class Receipt:
    uuid: str
    fiscal_document_number: int
    fiscal_document_attribute: str  # ФПД
    fiscal_receipt_number: int
    shift_number: int
    receipt_date_time: datetime
    amount_total: int  # kopecks
    email: str | None
    check_url: str  # the OFD's page for this receipt (the sandbox serves it)

    def to_json(self) -> dict[str, Any]:
        when = self.receipt_date_time.astimezone(BANK_TIME)
        return {
            "receiptStatus": 1,  # 1: the receipt was registered by the fiscal service
            "uuid": self.uuid,
            "shift_number": self.shift_number,
            "fiscal_receipt_number": self.fiscal_receipt_number,
            "receipt_date_time": when.strftime("%d.%m.%Y %H:%M:%S"),
            "receipt_datetime": when.isoformat(),
            "fn_number": FN_NUMBER,
            "ecr_registration_number": ECR_REGISTRATION_NUMBER,
            "fiscal_document_number": self.fiscal_document_number,
            "fiscal_document_attribute": self.fiscal_document_attribute,
            "amount_total": f"{self.amount_total // 100}.{self.amount_total % 100:02d}",
            "email": self.email,
            "fnsSite": FNS_SITE,
            "OFD": {"name": OFD_NAME, "INN": OFD_INN},
            "ofd_receipt_url": self.check_url,
        }


def fiscal_sign(order_id: str) -> str:
    digest = hashlib.sha256(f"fpd:{order_id}".encode()).digest()
    return str(int.from_bytes(digest[:8], "big") % 10**10).zfill(10)


def issue_receipt(
    order_id: str,
    document_number: int,
    amount: int,
    at: datetime,
    email: str | None,
    base_url: str,
) -> Receipt:
    """A receipt for a payment of `amount` kopecks at `at`; `base_url` is the sandbox's origin."""
    sign = fiscal_sign(order_id)
    query = urlencode(
        {
            "fn": FN_NUMBER,
            "i": document_number,
            "fp": sign,
            "t": at.astimezone(BANK_TIME).strftime("%Y%m%dT%H%M"),
            "s": f"{amount // 100}.{amount % 100:02d}",
        }
    )
    return Receipt(
        uuid=hashlib.md5(f"receipt:{order_id}".encode(), usedforsecurity=False).hexdigest(),
        fiscal_document_number=document_number,
        fiscal_document_attribute=sign,
        fiscal_receipt_number=document_number,
        shift_number=1,
        receipt_date_time=at,
        amount_total=amount,
        email=email,
        check_url=f"{base_url}/sandbox/ofd/check?{query}",
    )
