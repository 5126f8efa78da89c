"""The staff group's desk: its routers in the order they are tried."""

from __future__ import annotations

from aiogram import Router

from bot.handlers.staff import broadcast, documents, link_review, outages, services, support


def create_router() -> Router:
    router = Router(name="staff_desk")
    router.include_routers(
        services.create_router(),  # the staff's prompts first, in their topic only
        documents.create_router(),  # /document in a customer's topic: not an answer
        support.create_router(),  # customers' topics, before link_review's replies
        outages.create_router(),  # /outage in the staff group, in its own states only
        link_review.create_router(),
        broadcast.create_router(),  # /broadcast in the staff group
    )
    return router
