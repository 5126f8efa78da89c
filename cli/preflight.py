"""What `cabinet run` checks before it serves anyone: each part it needs answers, within seconds.

A bot that starts against a database that is not there, or a token Telegram refuses, would look
alive and fail every customer; these checks turn that into one line at start-up
(`cli.startup.StartupFailed`) naming the part, the setting and what to do.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import TypeVar

from alembic.script import ScriptDirectory
from redis.asyncio import Redis
from redis.exceptions import RedisError
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine

from cli.startup import StartupFailed
from core.settings import Settings
from storage.database import create_engine
from storage.migrate import alembic_config

ANSWER_WITHIN_SECONDS = 5.0
_READ_REVISION = text("SELECT version_num FROM alembic_version")
T = TypeVar("T")


async def check_all(settings: Settings) -> None:
    await check_database(settings.database_url)
    if settings.redis_url:
        await check_redis(settings.redis_url)
    await check_bot_api(settings)


async def check_database(url: str) -> None:
    engine = create_engine(url)
    shown = engine.url.render_as_string(hide_password=True)
    try:
        revision = await _answer(_revision_of(engine), f"the database {shown}")
    except (SQLAlchemyError, OSError) as error:  # asyncpg's refused connection is a bare OSError
        reason = type(getattr(error, "orig", None) or error).__name__
        raise StartupFailed(
            f"the database {shown} does not answer ({reason}): start it, or correct DATABASE_URL"
        ) from error
    finally:
        await engine.dispose()
    _check_schema(url, revision)


async def _revision_of(engine: AsyncEngine) -> str | None:
    async with engine.connect() as conn:
        await conn.execute(text("SELECT 1"))
        try:
            return (await conn.execute(_READ_REVISION)).scalar()
        except SQLAlchemyError:  # no alembic_version table: never migrated
            return None


def _check_schema(url: str, revision: str | None) -> None:
    """Refuses a database behind the code; one ahead of it (a rolling upgrade) is fine."""
    script = ScriptDirectory.from_config(alembic_config(url))
    head = script.get_current_head()
    if revision is None:
        raise StartupFailed("the database has no schema yet: run `cabinet db upgrade` first")
    known = {rev.revision for rev in script.walk_revisions()}
    if revision != head and revision in known:
        raise StartupFailed(
            f"the database schema is at {revision}, this version needs {head}: "
            "run `cabinet db upgrade` first"
        )


async def check_redis(url: str) -> None:
    redis = Redis.from_url(url, socket_connect_timeout=ANSWER_WITHIN_SECONDS)
    try:
        await _answer(redis.ping(), "Redis (REDIS_URL)")
    except (RedisError, OSError) as error:
        raise StartupFailed(
            f"Redis (REDIS_URL) does not answer ({type(error).__name__}): start it, "
            "or correct REDIS_URL"
        ) from error
    finally:
        await redis.aclose()


async def check_bot_api(settings: Settings) -> None:
    # aiogram takes seconds to import: the checks before this one fail without waiting for it.
    from aiogram.exceptions import TelegramNetworkError, TelegramUnauthorizedError

    from bot.app import build_bot

    assert settings.bot_token is not None
    bot = build_bot(settings.bot_token.get_secret_value(), settings.telegram_api_url)
    where = f"the Bot API at {settings.telegram_api_url}"
    try:
        await _answer(bot.get_me(), where)
    except TelegramUnauthorizedError as error:
        raise StartupFailed(f"{where} refused BOT_TOKEN: check the token") from error
    except TelegramNetworkError as error:
        raise StartupFailed(
            f"{where} does not answer: check TELEGRAM_API_URL and the network"
        ) from error
    finally:
        await bot.session.close()


async def _answer(call: Awaitable[T], what: str) -> T:
    try:
        return await asyncio.wait_for(call, ANSWER_WITHIN_SECONDS)
    except TimeoutError as error:
        raise StartupFailed(
            f"{what} gave no answer within {ANSWER_WITHIN_SECONDS:.0f} s: is it running?"
        ) from error
