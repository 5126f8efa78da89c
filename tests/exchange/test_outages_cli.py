"""`cabinet import outages FILE` as an operator runs it: the summary, the schedule's rows that
disappear, and a bad row named by its line with nothing loaded."""

from __future__ import annotations

from pathlib import Path

import pytest

from cli.main import main
from tests.exchange import samples
from tests.exchange.conftest import WriteCsv

HEADER = "outage_id,kind,branch,locality,street,houses,starts_at,ends_at,reason\n"
KIROVA = (
    "П-1,planned,Пятигорский,Пятигорск,улица Кирова,1-15,2030-06-10 09:00,2030-06-10 15:00,ТП-12\n"
)
GAGARINA = (
    "А-2,emergency,Предгорный,ст-ца Ессентукская,Гагарина,все,2030-06-10 09:00,2030-06-10 11:00,\n"
)


@pytest.fixture(autouse=True)
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, write_csv: WriteCsv) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}")
    monkeypatch.setenv("TIMEZONE", "Europe/Moscow")
    assert main(["import", "accounts", str(write_csv("accounts.csv", samples.ACCOUNTS))]) == 0


def test_the_schedule_imported_again_changed_and_shortened(
    write_csv: WriteCsv, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    path = write_csv("outages.csv", HEADER + KIROVA + GAGARINA)
    assert main(["import", "outages", str(path)]) == 0
    assert main(["import", "outages", str(path)]) == 0
    later = KIROVA.replace("15:00", "17:00")
    assert main(["import", "outages", str(write_csv("outages.csv", HEADER + later))]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("outages: 2 rows read, 2 inserted, 0 updated, 0 unchanged in ")
    assert lines[1].startswith("outages: 2 rows read, 0 inserted, 0 updated, 2 unchanged in ")
    assert lines[2].startswith(
        "outages: 1 rows read, 0 inserted, 1 updated, 0 unchanged, 1 over (no longer in the file)"
    )


def test_a_bad_row_is_named_by_its_line_and_nothing_is_loaded(
    write_csv: WriteCsv, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    bad = (
        HEADER
        + KIROVA
        + GAGARINA.replace("Предгорный", "Северный")
        + KIROVA.replace("П-1", "П-3").replace("1-15", "15-1")
        + KIROVA.replace("П-1", "П-4").replace("2030-06-10 15:00", "2030-06-10 08:00")
    )
    path = write_csv("outages.csv", bad)

    assert main(["import", "outages", str(path)]) == 1

    assert capsys.readouterr().err.splitlines() == [
        f"{path}:3: branch 'Северный' is not the branch of any account",
        f"{path}:4: houses '15-1': the range ends before it starts",
        f"{path}:5: ends_at is not after starts_at",
        f"{path}: 3 bad rows; nothing loaded",
    ]
    good = write_csv("good.csv", HEADER + KIROVA)
    assert main(["import", "outages", str(good)]) == 0
    assert capsys.readouterr().out.startswith("outages: 1 rows read, 1 inserted, ")
