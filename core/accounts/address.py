"""An account's address and holder as owners see them, and as strangers may see them."""

from __future__ import annotations

from core.entities.accounts import Account

HIDDEN = "**"


def full_address(account: Account) -> str:
    parts = [account.locality, account.street]
    if account.house:
        parts.append(f"д. {account.house}{account.letter or ''}")
    if account.building:
        parts.append(f"корп. {account.building}")
    if account.apartment:
        parts.append(f"кв. {account.apartment}")
    return ", ".join(part for part in parts if part)


def masked_address(account: Account) -> str:
    """Enough for a stranger to recognise the account ("г. Ессентуки, ул. Терская, д. 1**, кв. **"),
    not enough to find the door: the house keeps its first character, the rest is hidden."""
    parts = [account.locality, account.street]
    if account.house:
        parts.append(f"д. {_mask_house(account.house + (account.letter or ''))}")
    if account.building:
        parts.append(f"корп. {HIDDEN}")
    if account.apartment:
        parts.append(f"кв. {HIDDEN}")
    return ", ".join(part for part in parts if part)


def masked_name(holder_name: str) -> str:
    """ "Иванов И. А." and "Иванов Иван Александрович" both become "И***в И. А."."""
    words = holder_name.split()
    if not words:
        return ""
    surname, *given = words
    masked_surname = surname[0] + "***" + (surname[-1] if len(surname) > 2 else "")
    initials = [f"{word[0]}." for word in given]
    return " ".join([masked_surname, *initials])


def _mask_house(house: str) -> str:
    if len(house) <= 1:
        return "*"
    return house[0] + "*" * (len(house) - 1)
