"""`/healthz`: 200 while the database answers and every background loop is alive; 503 with what
is wrong otherwise (`{"status": "unavailable", "database": ..., "tasks": {name: problem}}`)."""

from __future__ import annotations

from aiohttp import web

from core.health import Heartbeats, check_health
from storage.uow import UnitOfWorkFactory

UOW_FACTORY_KEY: web.AppKey[UnitOfWorkFactory] = web.AppKey("uow_factory")
HEARTBEATS_KEY: web.AppKey[Heartbeats] = web.AppKey("heartbeats")


async def healthz(request: web.Request) -> web.Response:
    report = await check_health(request.app[UOW_FACTORY_KEY], request.app[HEARTBEATS_KEY])
    return web.json_response(report.as_json(), status=200 if report.ok else 503)


def setup_health(
    app: web.Application, uow_factory: UnitOfWorkFactory, heartbeats: Heartbeats
) -> None:
    app[UOW_FACTORY_KEY] = uow_factory
    app[HEARTBEATS_KEY] = heartbeats
    app.router.add_get("/healthz", healthz)
