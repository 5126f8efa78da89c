from __future__ import annotations

from storage.repositories.base import Repository


class SupportRepository(Repository):
    pass
