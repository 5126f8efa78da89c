import sqlite3
from pathlib import Path

import pytest

from cli.main import main


def test_cabinet_db_upgrade_migrates_the_configured_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "var" / "cabinet.db"
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{path}")
    assert main(["db", "upgrade"]) == 0
    assert "head" in capsys.readouterr().out
    with sqlite3.connect(path) as db:
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"users", "accounts", "readings", "alembic_version"} <= tables
