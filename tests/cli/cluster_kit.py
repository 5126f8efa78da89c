"""What the cluster's tests need: nginx, PostgreSQL's server programs and redis-server on this
machine (CI installs them), and a folder the `postgres` user can reach when tests run as root."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from cli.cluster import nginx_binary
from cli.local_services import postgres_binaries
from cli.startup import StartupFailed
from tests.conftest import ON_CI


def require_cluster_tools() -> None:
    """Skip with a reason off CI; on CI a missing tool is a failure."""
    missing = []
    for name, found in (("nginx", nginx_binary), ("PostgreSQL", postgres_binaries)):
        try:
            found()
        except StartupFailed:
            missing.append(name)
    if shutil.which("redis-server") is None:
        missing.append("redis-server")
    if not missing:
        return
    message = f"not installed: {', '.join(missing)}"
    if ON_CI:
        pytest.fail(message + "; .ci/run must install them")
    pytest.skip(message)


@contextlib.contextmanager
def cluster_folder() -> Iterator[Path]:
    """A fresh folder in /tmp, open to the `postgres` user (pytest's own tmp_path is not, when
    the tests run as root); removed afterwards."""
    folder = Path(tempfile.mkdtemp(prefix="cabinet-cluster-", dir="/tmp"))
    os.chmod(folder, 0o755)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
