"""`cabinet import KIND FILE` and `cabinet export readings --period YYYY-MM [--out FILE]`.

Besides billing's tables, `import` takes `documents` (a CSV naming PDF files beside it), and the
company's own files for «Помощь»: `offices` (CSV) and `faq` (Markdown), each replacing the
previous list whole."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, TextIO

from core.clock import SystemClock
from core.documents.service import Documents, DocumentsImported
from core.exchange import KINDS, BillingExchange, ImportRejected, ImportSummary, check_period
from core.exchange.problems import RowProblem
from core.help.service import HelpDesk
from core.settings import Settings
from storage.database import create_engine, create_session_factory
from storage.schema import ensure_schema
from storage.uow import unit_of_work_factory

PROBLEMS_SHOWN = 50
HELP_FILES = ("offices", "faq")
DOCUMENTS = "documents"


def register(subparsers: Any) -> None:
    importing = subparsers.add_parser(
        "import", help="load a billing CSV file: every row, or none when a row is bad"
    )
    importing.add_argument("kind", choices=[*KINDS, *HELP_FILES, DOCUMENTS])
    importing.add_argument("file", type=Path)
    importing.set_defaults(handler=handle_import)

    exporting = subparsers.add_parser("export", help="write the readings of a period as CSV")
    exporting.add_argument("what", choices=["readings"])
    exporting.add_argument("--period", required=True, help="YYYY-MM")
    exporting.add_argument("--out", type=Path, help="file to write (default: standard output)")
    exporting.set_defaults(handler=handle_export)


@asynccontextmanager
async def billing_exchange(settings: Settings) -> AsyncIterator[BillingExchange]:
    """The exchange on the configured database, its tables made sure of."""
    engine = create_engine(settings.database_url)
    try:
        await ensure_schema(engine)
        uow_factory = unit_of_work_factory(create_session_factory(engine))
        yield BillingExchange(uow_factory, SystemClock(), settings)
    finally:
        await engine.dispose()


def handle_import(args: argparse.Namespace) -> int:
    path: Path = args.file
    if not path.is_file():
        print(f"cabinet import: {path}: no such file", file=sys.stderr)
        return 2
    try:
        if args.kind == DOCUMENTS:
            loaded = asyncio.run(_import_documents(Settings(), path))
            print(
                f"documents: {loaded.rows} rows read, {loaded.inserted} inserted, "
                f"{loaded.updated} updated"
            )
            return 0
        if args.kind in HELP_FILES:
            count = asyncio.run(_import_help(Settings(), args.kind, _text_of(path)))
            print(f"{args.kind}: {count} loaded; the previous list is replaced")
            return 0
        summary = asyncio.run(_import(Settings(), args.kind, path))
    except ImportRejected as rejected:
        print_rejection(path, rejected, sys.stderr)
        return 1
    print(describe(summary))
    return 0


def handle_export(args: argparse.Namespace) -> int:
    try:
        check_period(args.period)
    except ValueError as error:
        print(f"cabinet export: {error}", file=sys.stderr)
        return 2
    if args.out is None:
        count = asyncio.run(_export(Settings(), args.period, sys.stdout))
    else:
        with args.out.open("w", encoding="utf-8", newline="") as out:
            count = asyncio.run(_export(Settings(), args.period, out))
    where = args.out or "standard output"
    print(f"readings of {args.period}: {count} rows written to {where}", file=sys.stderr)
    return 0


def describe(summary: ImportSummary) -> str:
    return (
        f"{summary.kind}: {summary.rows} rows read, {summary.inserted} inserted, "
        f"{summary.updated} updated, {summary.unchanged} unchanged"
        + (f", {summary.cancelled} over (no longer in the file)" if summary.cancelled else "")
        + f" in {summary.seconds:.1f} s"
    )


def print_rejection(path: Path, rejected: ImportRejected, out: TextIO) -> None:
    for problem in rejected.problems[:PROBLEMS_SHOWN]:
        print(f"{path}:{problem.line}: {problem.message}", file=out)
    if rejected.total > PROBLEMS_SHOWN:
        print(f"{path}: ... and {rejected.total - PROBLEMS_SHOWN} more bad rows", file=out)
    print(f"{path}: {rejected.total} bad rows; nothing loaded", file=out)


async def _import(settings: Settings, kind: str, path: Path) -> ImportSummary:
    async with billing_exchange(settings) as exchange:
        return await exchange.import_file(kind, path)


def _text_of(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ImportRejected([RowProblem(1, "not UTF-8 text")], 1) from None


async def _import_documents(settings: Settings, path: Path) -> DocumentsImported:
    engine = create_engine(settings.database_url)
    try:
        await ensure_schema(engine)
        uow_factory = unit_of_work_factory(create_session_factory(engine))
        return await Documents(uow_factory, SystemClock(), settings).import_file(path)
    finally:
        await engine.dispose()


async def _import_help(settings: Settings, kind: str, text: str) -> int:
    engine = create_engine(settings.database_url)
    try:
        await ensure_schema(engine)
        desk = HelpDesk(unit_of_work_factory(create_session_factory(engine)))
        if kind == "offices":
            return await desk.import_offices(text)
        return await desk.import_questions(text)
    finally:
        await engine.dispose()


async def _export(settings: Settings, period: str, out: TextIO) -> int:
    async with billing_exchange(settings) as exchange:
        return await exchange.export_readings(period, out)
