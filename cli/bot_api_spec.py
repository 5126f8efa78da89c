"""`cabinet bot-api-spec FILE`: makes a newer Bot API description the one the emulator ships."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from emulator.spec import BUNDLED_SPEC, SpecUnavailable, install_spec, load_spec


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "bot-api-spec",
        help="replace the emulator's Bot API description (api.json) with a newer file",
    )
    parser.add_argument("file", type=Path, help="a newer api.json (telegram-bot-api-spec format)")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    try:
        before = load_spec(BUNDLED_SPEC).version
    except SpecUnavailable:
        before = "none"
    try:
        spec = install_spec(args.file)
    except SpecUnavailable as error:
        print(f"cabinet bot-api-spec: {error}", file=sys.stderr)
        return 1
    print(
        f"Bot API description: {before} -> {spec.version} "
        f"({len(spec.methods)} methods, {len(spec.types)} types) in {BUNDLED_SPEC}"
    )
    return 0
