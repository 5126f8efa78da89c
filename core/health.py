"""Whether the cabinet can serve: the database answers."""

from __future__ import annotations

import logging

from storage.uow import UnitOfWorkFactory

logger = logging.getLogger("cabinet.health")


async def database_answers(uow_factory: UnitOfWorkFactory) -> bool:
    try:
        async with uow_factory() as uow:
            await uow.ping()
    except Exception:
        logger.exception("database health check failed")
        return False
    return True
