"""`cabinet import` and `cabinet export` as an operator runs them."""

from __future__ import annotations

from pathlib import Path

import pytest

from cli.main import main
from tests.exchange import samples
from tests.exchange.conftest import WriteCsv


@pytest.fixture(autouse=True)
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "cli.db"
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{path}")
    monkeypatch.setenv("TIMEZONE", "Europe/Moscow")
    return path


def test_import_prints_a_summary_and_exits_0(
    write_csv: WriteCsv, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_csv("accounts.csv", samples.ACCOUNTS)

    assert main(["import", "accounts", str(path)]) == 0
    first = capsys.readouterr().out
    assert main(["import", "accounts", str(path)]) == 0
    second = capsys.readouterr().out

    assert first.startswith("accounts: 2 rows read, 2 inserted, 0 updated, 0 unchanged in ")
    assert second.startswith("accounts: 2 rows read, 0 inserted, 0 updated, 2 unchanged in ")
    assert first.rstrip().endswith(" s")


def test_bad_rows_are_printed_as_file_line_message_and_exit_1(
    write_csv: WriteCsv, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["import", "accounts", str(write_csv("accounts.csv", samples.ACCOUNTS))])
    capsys.readouterr()
    path = write_csv(
        "meters.csv",
        samples.METERS
        + "260100000001,55,Нева 103,6,T,2020-01-01,2019-01-01\n"
        + "260100000077,56,Нева 103,6,T,,\n",
    )

    assert main(["import", "meters", str(path)]) == 1

    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.splitlines() == [
        f"{path}:4: next_verification_on is not after installed_on",
        f"{path}:5: account 260100000077 is not known",
        f"{path}: 2 bad rows; nothing loaded",
    ]
    assert main(["export", "readings", "--period", "2025-02"]) == 0


def test_the_list_of_bad_rows_is_capped(
    write_csv: WriteCsv, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = "".join(f"2601{n:08d},,,,,,,,,,\n" for n in range(70))
    path = write_csv("accounts.csv", samples.ACCOUNTS + bad)

    assert main(["import", "accounts", str(path)]) == 1

    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 52
    assert lines[0] == f"{path}:4: branch is empty"
    assert lines[-2] == f"{path}: ... and 20 more bad rows"
    assert lines[-1] == f"{path}: 70 bad rows; nothing loaded"


def test_a_missing_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", "payments", str(tmp_path / "nope.csv")]) == 2
    assert "no such file" in capsys.readouterr().err


def test_export_writes_csv_to_stdout_or_a_file(
    write_csv: WriteCsv, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for kind in ("accounts", "meters", "readings"):
        assert main(["import", kind, str(write_csv(f"{kind}.csv", samples.ALL[kind]))]) == 0
    capsys.readouterr()

    assert main(["export", "readings", "--period", "2025-01"]) == 0
    to_stdout = capsys.readouterr()
    out_file = tmp_path / "out" / "readings.csv"
    out_file.parent.mkdir()
    assert main(["export", "readings", "--period", "2025-02", "--out", str(out_file)]) == 0
    to_file = capsys.readouterr()

    assert to_stdout.out.splitlines() == [
        "account_number,serial,zone,taken_on,value,source,status",
        "260100000001,34512876,T,2025-01-24,12345.6,import,accepted",
    ]
    assert "1 rows written" in to_stdout.err
    assert to_file.out == ""
    assert len(out_file.read_text(encoding="utf-8").splitlines()) == 4
    assert main(["import", "readings", str(out_file)]) == 0
    assert "0 inserted, 0 updated, 3 unchanged" in capsys.readouterr().out


def test_export_refuses_a_bad_period(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "readings", "--period", "2025-2"]) == 2
    assert "period '2025-2' is not a month YYYY-MM" in capsys.readouterr().err
