"""A uniqueness violation, as core knows it (core.errors.AlreadyStored)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.exc import IntegrityError

from core.errors import AlreadyStored


@contextmanager
def conflicts_as_already_stored() -> Iterator[None]:
    try:
        yield
    except IntegrityError as error:
        raise AlreadyStored(str(error.orig)) from error
