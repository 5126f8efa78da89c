"""Moved to storage/repositories/exchange.py (`uow.exchange`); kept while callers move over."""

from storage.repositories.exchange import ACCOUNTS as ACCOUNTS
from storage.repositories.exchange import ExchangeRepository as ExchangeStore

__all__ = ["ACCOUNTS", "ExchangeStore"]
