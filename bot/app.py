"""Builds the aiogram Bot and Dispatcher: the bot side of the composition root."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import aiogram.methods
from aiogram import Bot, Dispatcher, Router
from aiogram.client.default import DefaultBotProperties
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.fsm.storage.base import BaseEventIsolation, BaseStorage
from aiogram.fsm.storage.redis import RedisStorage
from aiogram.methods.base import Response, TelegramMethod

from bot.expired_queries import ExpiredCallbackAnswers
from bot.flood_wait import FloodWait
from bot.handlers.routers import create_routers
from bot.handlers.support.album import AlbumCollector, MemoryAlbumCollector, set_album_collector
from bot.handlers.support.album_redis import RedisAlbumCollector
from bot.i18n import build_i18n
from bot.inbox.answered import ShownToCustomer
from bot.inline_filters import run_filters_inline
from bot.json_session import JsonAiohttpSession
from bot.middlewares.identity import Identities, IdentityMiddleware
from bot.middlewares.locale import LocaleMiddleware
from bot.middlewares.logging import UpdateLogMiddleware
from bot.server_errors import ServerErrorRetry
from core.cabinet import Cabinet
from core.settings import Settings
from core.users.known_identities import KnownIdentities
from storage.database import identities_written, is_sqlite

# aiogram builds `Response[<result type>]` for every answer; pydantic keeps such generic models
# only weakly, so after each garbage collection they are built again (milliseconds each). Held
# here, they are built once.
_RESPONSE_TYPES: list[Any] = []


def pin_response_types() -> None:
    if _RESPONSE_TYPES:
        return
    returning = {
        method.__returning__
        for method in vars(aiogram.methods).values()
        if isinstance(method, type)
        and issubclass(method, TelegramMethod)
        and method is not TelegramMethod
    }
    _RESPONSE_TYPES.extend(Response[result] for result in returning)  # type: ignore[valid-type]


def build_bot(token: str, api_url: str, *, flood_wait: bool = True) -> Bot:
    session = JsonAiohttpSession(api=TelegramAPIServer.from_base(api_url))
    session.middleware(ExpiredCallbackAnswers())
    session.middleware(ShownToCustomer())  # the inbox puts back only what showed nothing
    if flood_wait:  # the handlers' bot (the outbox sender has its own waits and retries)
        session.middleware(FloodWait())
        session.middleware(ServerErrorRetry())
    html_by_default = DefaultBotProperties(parse_mode=ParseMode.HTML)
    return Bot(token, session=session, default=html_by_default)


def build_album_collector(storage: BaseStorage) -> AlbumCollector:
    """Albums sent to support are gathered beside the dialog state: in Redis when `REDIS_URL` is
    set (any worker may handle any part; on the storage's client, closed with it), else in this
    process's memory (`bot.handlers.support.album`)."""
    if isinstance(storage, RedisStorage):
        return RedisAlbumCollector(storage.redis)
    return MemoryAlbumCollector()


def remembers_identities(settings: Settings) -> bool:
    """Whether the bot remembers who each Telegram account is signed in to (else the update
    inbox reads it with each claim). Without Redis the bot is one process, which sees every
    write to whom it remembers. Only on SQLite, where the units of work take turns on one
    connection: a server database could let a read on another connection see a row whose commit
    is still on its way."""
    return settings.redis_url is None and is_sqlite(settings.database_url)


def build_dispatcher(
    storage: BaseStorage,
    cabinet: Cabinet,
    events_isolation: BaseEventIsolation | None = None,
    routers: Sequence[Router] | None = None,
) -> Dispatcher:
    """Handlers get the services as the `cabinet` parameter and the signed-in user as `user`;
    `routers` replaces the cabinet's own (tests that need a router of their own)."""
    pin_response_types()
    dispatcher = Dispatcher(storage=storage, events_isolation=events_isolation, cabinet=cabinet)
    set_album_collector(dispatcher, build_album_collector(storage))
    dispatcher.update.outer_middleware(UpdateLogMiddleware())
    identities: Identities = cabinet.users
    if remembers_identities(cabinet.settings):
        identities = KnownIdentities(cabinet.users, identities_written)
    dispatcher.update.outer_middleware(IdentityMiddleware(identities))
    LocaleMiddleware(build_i18n()).setup(dispatcher)
    dispatcher.include_routers(*(create_routers() if routers is None else routers))
    run_filters_inline(dispatcher)
    return dispatcher
