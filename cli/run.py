"""`cabinet run` (and `python -m bot`): the bot and its web app, with the configured settings."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import sys
from typing import Any

from cli.logging_setup import configure_logging
from core.settings import Settings


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("run", help="run the bot and its web app")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    settings = Settings()
    if settings.bot_token is None:
        print("cabinet run: BOT_TOKEN is not set (see .env.example)", file=sys.stderr)
        return 2
    configure_logging()
    from bot.runtime import build_runtime, serve  # aiogram is heavy to import: only when running

    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(serve(build_runtime(settings)))
    return 0
