"""`cabinet emulator [--host 127.0.0.1] [--port 8081]`: the local Telegram Bot API server alone."""

from __future__ import annotations

import argparse
import asyncio
import logging
from typing import Any

from cli.startup import load_settings, run_command, until_ready
from core.payments.paths import CALLBACK_PATH
from core.settings import Settings
from emulator.config import EmulatorConfig


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "emulator", help="a local Telegram Bot API server with a web chat (no Telegram needed)"
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8081)
    parser.add_argument(
        "--smtp-port", type=int, default=None, help="the mailbox's SMTP port (SMTP_PORT; 0 = off)"
    )
    parser.add_argument(
        "--token", default=None, help="the one bot's token (default: the first token used)"
    )
    parser.add_argument(
        "--staff-chat-id", type=int, default=None, help="the staff supergroup's id (STAFF_CHAT_ID)"
    )
    parser.add_argument(
        "--no-flood-limits", action="store_true", help="turn off Telegram's 429 flood limits"
    )
    parser.add_argument("--quiet", action="store_true", help="no log line per request (under load)")
    parser.set_defaults(handler=handle)


def config_from(args: argparse.Namespace, settings: Settings) -> EmulatorConfig:
    defaults = EmulatorConfig()
    return EmulatorConfig(
        host=args.host,
        port=args.port,
        token=args.token,
        flood_limits=not args.no_flood_limits,
        smtp_host=settings.smtp_host,
        smtp_port=settings.smtp_port if args.smtp_port is None else args.smtp_port,
        staff_chat_id=args.staff_chat_id or settings.staff_chat_id or defaults.staff_chat_id,
        **sandbox_fields(settings),
    )


def sandbox_fields(settings: Settings) -> dict[str, Any]:
    """The payment sandbox speaks to the bot with the bot's own merchant credentials."""
    return {
        "sandbox_username": settings.sberbank_username,
        "sandbox_password": settings.sberbank_password.get_secret_value(),
        "sandbox_callback_key": settings.sberbank_callback_key.get_secret_value(),
        "sandbox_callback_url": settings.public_url.rstrip("/") + CALLBACK_PATH,
        "sandbox_merchant": settings.payee_name,
    }


def handle(args: argparse.Namespace) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    if args.quiet:
        logging.getLogger("aiohttp.access").setLevel(logging.WARNING)
    return run_command("emulator", lambda: run(config_from(args, load_settings())))


async def run(config: EmulatorConfig) -> None:
    from emulator.server import serve  # heavy to import: only when it runs

    ready = asyncio.Event()
    server = asyncio.create_task(serve(config, ready))
    await until_ready(server, ready, "the emulator")
    base = f"http://{config.host}:{config.port}"
    print(f"Bot API:  {base}/bot<token>/<method>  (TELEGRAM_API_URL={base})", flush=True)
    print(f"Web chat: {base}/", flush=True)
    await server
