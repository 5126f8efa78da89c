from pathlib import Path

import pytest

from core.settings import Settings

EXAMPLE = Path(__file__).resolve().parents[1] / ".env.example"


def example_names() -> set[str]:
    lines = EXAMPLE.read_text(encoding="utf-8").splitlines()
    return {line.split("=", 1)[0] for line in lines if line and not line.startswith("#")}


def test_env_example_lists_every_setting_and_nothing_else() -> None:
    assert example_names() == {name.upper() for name in Settings.model_fields}


def test_defaults_are_those_of_the_design(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in example_names():
        monkeypatch.delenv(name, raising=False)
    settings = Settings(_env_file=None)
    assert settings.database_url == "sqlite+aiosqlite:///var/cabinet.db"
    assert settings.telegram_api_url == "https://api.telegram.org"
    assert (settings.readings_window_start_day, settings.readings_window_end_day) == (15, 25)
    assert settings.tz.key == "Europe/Moscow"
    assert settings.redis_url is None and settings.staff_chat_id is None


def test_environment_overrides(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STAFF_CHAT_ID", "-1001234567890")
    monkeypatch.setenv("READINGS_WINDOW_END_DAY", "26")
    settings = Settings(_env_file=None)
    assert settings.staff_chat_id == -1001234567890
    assert settings.readings_window_end_day == 26


def test_a_window_day_out_of_range_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("READINGS_WINDOW_START_DAY", "32")
    with pytest.raises(ValueError):
        Settings(_env_file=None)


def test_a_window_that_ends_before_it_starts_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("READINGS_WINDOW_START_DAY", "20")
    monkeypatch.setenv("READINGS_WINDOW_END_DAY", "10")
    with pytest.raises(ValueError, match="must not be after"):
        Settings(_env_file=None)
