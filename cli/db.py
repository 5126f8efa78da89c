"""`cabinet db`."""

from __future__ import annotations

import argparse
from typing import Any


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("db", help="not yet available")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    print("cabinet db: not yet available")
    return 0
