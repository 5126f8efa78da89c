"""The billing exchange: CSV files of accounts, meters, readings, charges and payments in, the
readings of a period out. See docs/billing-exchange.md for the formats."""

from core.exchange.loader import ImportSummary
from core.exchange.problems import ImportRejected, RowProblem
from core.exchange.service import KINDS, BillingExchange, check_period

__all__ = [
    "KINDS",
    "BillingExchange",
    "ImportRejected",
    "ImportSummary",
    "RowProblem",
    "check_period",
]
