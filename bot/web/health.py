from __future__ import annotations

from aiohttp import web

from core.health import database_answers
from storage.uow import UnitOfWorkFactory

UOW_FACTORY_KEY: web.AppKey[UnitOfWorkFactory] = web.AppKey("uow_factory")


async def healthz(request: web.Request) -> web.Response:
    if await database_answers(request.app[UOW_FACTORY_KEY]):
        return web.json_response({"status": "ok"})
    return web.json_response({"status": "database unavailable"}, status=503)


def setup_health(app: web.Application, uow_factory: UnitOfWorkFactory) -> None:
    app[UOW_FACTORY_KEY] = uow_factory
    app.router.add_get("/healthz", healthz)
