from __future__ import annotations

from storage.repositories.base import Repository


class CodesRepository(Repository):
    pass
