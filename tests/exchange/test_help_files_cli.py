"""`cabinet import offices|faq FILE` as the company's staff run it: the count loaded, and a bad
line named with nothing changed."""

from __future__ import annotations

from pathlib import Path

import pytest

from cli.main import main
from core.demo.seeding import DEMO_FILES


@pytest.fixture(autouse=True)
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}")


def test_offices_and_questions_load_and_a_bad_line_changes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    offices = DEMO_FILES / "offices.csv"
    faq = DEMO_FILES / "faq.md"
    assert main(["import", "offices", str(offices)]) == 0
    assert main(["import", "faq", str(faq)]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "offices: 6 loaded; the previous list is replaced",
        "faq: 7 loaded; the previous list is replaced",
    ]

    bad = tmp_path / "offices.csv"
    lines = offices.read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].replace("44.0446", "144.0446")
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["import", "offices", str(bad)]) == 1
    assert capsys.readouterr().err.splitlines() == [
        f"{bad}:4: latitude: beyond ±90",
        f"{bad}: 1 bad rows; nothing loaded",
    ]
