"""One page of a newest-first list, as every history screen shows it."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

PAGE_SIZE = 10

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    items: Sequence[T]
    page: int
    pages: int
    total: int

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


@dataclass(frozen=True, slots=True)
class PageSlice:
    """Where a requested page starts, after clamping it into the pages that exist."""

    page: int
    pages: int
    offset: int
    limit: int


def slice_for(requested_page: int, total: int, size: int = PAGE_SIZE) -> PageSlice:
    """A stale button may ask for a page past the end (rows were removed): show the last one."""
    pages = max(1, math.ceil(total / size))
    page = min(max(1, requested_page), pages)
    return PageSlice(page=page, pages=pages, offset=(page - 1) * size, limit=size)
