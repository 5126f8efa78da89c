"""A login as typed at sign-in: an e-mail when it has an @, a phone otherwise."""

from __future__ import annotations

from core.entities.users import User
from core.ports import UnitOfWork
from core.validation.email import normalize_email
from core.validation.phone import normalize_phone


async def find_by_login(uow: UnitOfWork, login: str) -> User | None:
    """Raises `InvalidEmail`/`InvalidPhone` for what is neither, before any lookup."""
    if "@" in login:
        return await uow.users.by_email(normalize_email(login, "login"), for_update=True)
    return await uow.users.by_phone(normalize_phone(login, "login"), for_update=True)
