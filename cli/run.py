"""`cabinet run` (and `python -m bot`): the bot and its web app, with the configured settings."""

from __future__ import annotations

import argparse
import asyncio
from typing import Any

from cli.logging_setup import configure_logging
from cli.startup import StartupFailed, load_settings, run_command, until_ready
from core.settings import Settings


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("run", help="run the bot and its web app")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    configure_logging()
    return run_command("run", lambda: run(load_settings()))


async def run(settings: Settings) -> None:
    from cli.preflight import check_all

    if settings.bot_token is None:
        raise StartupFailed("BOT_TOKEN is not set (see .env.example)")
    await check_all(settings)
    from bot.runtime import build_runtime, serve  # aiogram is heavy to import: only when running

    ready = asyncio.Event()
    bot = asyncio.create_task(serve(build_runtime(settings), ready=ready))
    await until_ready(bot, ready, "the bot")
    await bot
