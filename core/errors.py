"""Domain errors. Each carries a stable `code` that front ends map to a text in the user's language,
and `params` for that text; `str(error)` is a plain English message for logs and the CLI."""

from __future__ import annotations

from typing import Any


class CabinetError(Exception):
    code = "cabinet_error"

    def __init__(self, message: str, **params: Any) -> None:
        super().__init__(message)
        self.params = params


class AlreadyStored(Exception):
    """A write met what another transaction stored first: a rule of the store that a value is
    unique (a phone, a submission's key, a payment's key) turned it down. The unit of work
    raises it from `commit` or `flush`, a repository from a write it runs at once; what is left
    of the transaction is to be rolled back. Not a domain error: services catch it and look
    again at what the other transaction stored."""
