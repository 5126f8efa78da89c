"""`cabinet` — one entry point for running, migrating, importing and demoing.

Each sub-command lives in its own module with `register(subparsers)`; this file only wires them.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

COMMAND_MODULES = (
    "cli.run",
    "cli.db",
    "cli.exchange",
    "cli.seed",
    "cli.emulator",
    "cli.demo",
    "cli.cluster",
    "cli.bot_api_spec",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="cabinet", description="Cabinet Bot")
    subparsers = parser.add_subparsers(dest="command", required=True)
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    result: int = args.handler(args)
    return result


if __name__ == "__main__":
    sys.exit(main())
