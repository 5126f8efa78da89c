"""`/healthz`: 200 while the database (and Redis, when `REDIS_URL` is set) answers and every
background loop is alive; 503 with what is wrong otherwise
(`{"status": "unavailable", "database": ..., "redis": ..., "tasks": {name: problem}}`)."""

from __future__ import annotations

import asyncio
import logging
from functools import partial

from aiohttp import web
from redis.asyncio import Redis

from core.health import Heartbeats, check_health
from core.ports import UnitOfWorkFactory

logger = logging.getLogger("cabinet.health")
UOW_FACTORY_KEY: web.AppKey[UnitOfWorkFactory] = web.AppKey("uow_factory")
HEARTBEATS_KEY: web.AppKey[Heartbeats] = web.AppKey("heartbeats")
REDIS_KEY: web.AppKey[Redis | None] = web.AppKey("redis")
REDIS_TIMEOUT = 2.0


async def healthz(request: web.Request) -> web.Response:
    redis = request.app[REDIS_KEY]
    report = await check_health(
        request.app[UOW_FACTORY_KEY],
        request.app[HEARTBEATS_KEY],
        None if redis is None else partial(_answers, redis),
    )
    return web.json_response(report.as_json(), status=200 if report.ok else 503)


async def _answers(redis: Redis) -> bool:
    try:
        async with asyncio.timeout(REDIS_TIMEOUT):
            await redis.ping()
    except Exception as error:
        logger.warning("redis health check failed", extra={"error": type(error).__name__})
        return False
    return True


def setup_health(
    app: web.Application,
    uow_factory: UnitOfWorkFactory,
    heartbeats: Heartbeats,
    redis: Redis | None = None,
) -> None:
    app[UOW_FACTORY_KEY] = uow_factory
    app[HEARTBEATS_KEY] = heartbeats
    app[REDIS_KEY] = redis
    app.router.add_get("/healthz", healthz)
