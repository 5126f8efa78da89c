"""Domain errors. Each carries a stable `code` that front ends map to a text in the user's language,
and `params` for that text; `str(error)` is a plain English message for logs and the CLI."""

from __future__ import annotations

from typing import Any


class CabinetError(Exception):
    code = "cabinet_error"

    def __init__(self, message: str, **params: Any) -> None:
        super().__init__(message)
        self.params = params
