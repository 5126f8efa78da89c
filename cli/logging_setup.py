"""Structured logs: one JSON object per line, with the fields a handler passed in `extra`,
through `RedactSecrets` (no token anywhere, no phone or e-mail in an exception's or a field's
text)."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from typing import TextIO

from cli.log_redaction import RECORD_FIELDS, RedactSecrets


class JsonLineFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        line.update({k: v for k, v in vars(record).items() if k not in RECORD_FIELDS})
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:  # as a filter (`RedactSecrets`) left it
            line["exception"] = record.exc_text
        return json.dumps(line, ensure_ascii=False, default=str)


def json_log_handler(stream: TextIO | None = None) -> logging.Handler:
    """JSON lines to `stream` (standard error by default), secrets redacted."""
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonLineFormatter())
    handler.addFilter(RedactSecrets())
    return handler


def configure_logging(level: int = logging.INFO) -> None:
    root = logging.getLogger()
    root.handlers[:] = [json_log_handler()]
    root.setLevel(level)
    logging.getLogger("aiogram.event").setLevel(logging.WARNING)
    # The demo's emulator would log every long poll of the bot (the bot's own app logs none).
    logging.getLogger("aiohttp.access").setLevel(logging.WARNING)
    # SQLAlchemy's pools log each dispose at INFO, ours under its own module's name.
    for pool_logger in ("sqlalchemy", "storage.database._TurnTakingPool"):
        logging.getLogger(pool_logger).setLevel(logging.WARNING)
