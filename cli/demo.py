"""`cabinet demo`: the whole product on this machine, with no token and no Internet.

Migrates the SQLite database in `var/`, loads demo data when it is empty, starts the emulator
(Bot API, web chat, mailbox) and the bot against it, and prints where to look.
"""

from __future__ import annotations

import argparse
from typing import Any

from cli.logging_setup import configure_logging
from cli.startup import run_command

DEMO_ACCOUNTS = 200


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("demo", help="run everything locally: emulator, web chat, bot")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8081, help="the emulator's port")
    parser.add_argument("--accounts", type=int, default=DEMO_ACCOUNTS)
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    configure_logging()
    from cli.demo_session import run_demo  # the bot and the emulator are heavy to import

    return run_command("demo", lambda: run_demo(args.host, args.port, args.accounts))
