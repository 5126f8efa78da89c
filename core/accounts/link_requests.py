"""A photo link request as staff review it: the account in full, who asks and how to reach them.

Only staff see this card (the bot shows it in the staff group); customers get masked lookups.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from core.accounts.address import full_address
from core.accounts.errors import LinkNotFound
from core.enums import LinkMethod, LinkStatus
from core.ports import UnitOfWorkFactory


@dataclass(frozen=True, slots=True)
class LinkRequestCard:
    link_id: int
    user_id: int
    account_id: int
    status: LinkStatus
    method: LinkMethod
    account_number: str
    branch: str
    address: str
    holder_name: str
    customer_phone: str | None
    customer_email: str | None
    customer_language: str
    photo_path: str | None
    # Telegram chats where the customer is signed in and has not blocked the bot.
    customer_chat_ids: tuple[int, ...]
    created_at: datetime
    reviewed_by: int | None
    reject_reason: str | None


async def link_request_card(uow_factory: UnitOfWorkFactory, link_id: int) -> LinkRequestCard:
    async with uow_factory() as uow:
        link = await uow.accounts.get_link(link_id)
        account = await uow.accounts.get(link.account_id) if link is not None else None
        if link is None or account is None:
            raise LinkNotFound(link_id)
        customer = await uow.users.get(link.user_id)
        identities = await uow.users.identities_of(link.user_id)
        return LinkRequestCard(
            link_id=link.id,
            user_id=link.user_id,
            account_id=account.id,
            status=LinkStatus(link.status),
            method=LinkMethod(link.method),
            account_number=account.number,
            branch=account.branch,
            address=full_address(account),
            holder_name=account.holder_name,
            customer_phone=customer.phone if customer is not None else None,
            customer_email=customer.email if customer is not None else None,
            customer_language=customer.language if customer is not None else "ru",
            photo_path=link.photo_path,
            customer_chat_ids=tuple(
                identity.chat_id for identity in identities if identity.blocked_at is None
            ),
            created_at=link.created_at,
            reviewed_by=link.reviewed_by,
            reject_reason=link.reject_reason,
        )
