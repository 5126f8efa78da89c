"""`cabinet db upgrade|revision` — the database schema through Alembic."""

from __future__ import annotations

import argparse
from typing import Any

from alembic import command

from core.settings import Settings
from storage.migrate import alembic_config, upgrade_sync


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("db", help="database schema (Alembic migrations)")
    actions = parser.add_subparsers(dest="db_action", required=True)
    up = actions.add_parser("upgrade", help="migrate to the latest schema")
    up.add_argument("revision", nargs="?", default="head")
    up.set_defaults(handler=handle_upgrade)
    rev = actions.add_parser("revision", help="for developers: a new migration from the models")
    rev.add_argument("-m", "--message", required=True)
    rev.set_defaults(handler=handle_revision)


def handle_upgrade(args: argparse.Namespace) -> int:
    url = Settings().database_url
    upgrade_sync(url, args.revision)
    print(f"database is at {args.revision}")
    return 0


def handle_revision(args: argparse.Namespace) -> int:
    config = alembic_config(Settings().database_url)
    command.revision(config, message=args.message, autogenerate=True)
    return 0
