"""Runs every `benchmarks/bench_*.py` and prints one table with the machine it ran on."""

from __future__ import annotations

import importlib
import os
import pkgutil
import platform
import sys
import time

import benchmarks
from benchmarks.figure import Figure


def machine() -> str:
    memory_gib = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            models = [
                line.split(":", 1)[1].strip() for line in info if line.startswith("model name")
            ]
        cpu = models[0] if models else cpu
    except OSError:
        pass
    return (
        f"{cpu}, {os.cpu_count()} cores, {memory_gib:.0f} GiB, "
        f"Python {platform.python_version()}, {platform.system()} {platform.release()}"
    )


def main(selected: list[str]) -> int:
    names = sorted(m.name for m in pkgutil.iter_modules(benchmarks.__path__))
    names = [n for n in names if n.startswith("bench_") and (not selected or n in selected)]
    rows: list[Figure] = []
    for name in names:
        started = time.perf_counter()
        module = importlib.import_module(f"benchmarks.{name}")
        rows.extend(module.run())
        print(f"# {name}: {time.perf_counter() - started:.1f} s", file=sys.stderr)
    print(f"Machine: {machine()}")
    width = max((len(r.name) for r in rows), default=10)
    print(f"{'figure':<{width}}  {'value':>22}  target")
    for row in rows:
        print(f"{row.name:<{width}}  {row.value:>22}  {row.target}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
