"""`cabinet run`."""

from __future__ import annotations

import argparse
from typing import Any


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("run", help="not yet available")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    print("cabinet run: not yet available")
    return 0
