"""`cabinet run` with a sampling profiler at hand (pyinstrument, a dev dependency): SIGUSR1 starts
sampling the main thread, SIGUSR2 stops it and saves the session to the file named by
`PROFILE_TO`, and beside it (`PROFILE_TO.sql.json`) the SQL statements run meanwhile, counted.
SQLAlchemy runs a statement in a greenlet whose samples do not show who called it: the count says
what the SQL was for. Used by `benchmarks/profile_readings.py`; nothing of it is in the product."""

from __future__ import annotations

import json
import os
import signal
import sys
from collections import Counter
from types import FrameType
from typing import Any

from pyinstrument import Profiler
from sqlalchemy import event
from sqlalchemy.engine import Engine

from cli.main import main

INTERVAL = 0.0005  # seconds between samples


def install(path: str) -> None:
    # Not the async mode: a sample is what the thread runs then, not what a task waits for.
    profiler = Profiler(interval=INTERVAL, async_mode="disabled")
    statements: Counter[str] = Counter()
    counting = [False]

    def statement(_conn: Any, _cursor: Any, text: str, *_args: Any) -> None:
        if counting[0]:
            statements[" ".join(text.split())[:100]] += 1

    def commit(_conn: Any) -> None:
        if counting[0]:
            statements["COMMIT"] += 1

    event.listen(Engine, "before_cursor_execute", statement)
    event.listen(Engine, "commit", commit)

    def start(_signal: int, _frame: FrameType | None) -> None:
        counting[0] = True
        profiler.start()

    def stop(_signal: int, _frame: FrameType | None) -> None:
        counting[0] = False
        session = profiler.stop()
        with open(f"{path}.sql.json", "w", encoding="utf-8") as counts:
            json.dump(dict(statements.most_common()), counts, ensure_ascii=False, indent=0)
        session.save(f"{path}.part")
        os.replace(f"{path}.part", path)  # whole, or not there yet

    signal.signal(signal.SIGUSR1, start)
    signal.signal(signal.SIGUSR2, stop)


if __name__ == "__main__":
    install(os.environ["PROFILE_TO"])
    sys.exit(main(["run", *sys.argv[1:]]))
